package io.sockscope.jmh;

import io.sockscope.spi.ProtocolParser;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds a parser the way the tracer does: through {@link ServiceLoader}, by protocol name. */
final class BundledParsers {
  private BundledParsers() {}

  /** Every provider on the class path, in the order the tracer would try them. */
  static List<ProtocolParser> all() {
    List<ProtocolParser> parsers = new ArrayList<>();
    ServiceLoader.load(ProtocolParser.class).forEach(parsers::add);
    return parsers;
  }

  /**
   * The provider of {@code protocol}.
   *
   * @throws IllegalStateException naming the protocol when no provider on the class path has it
   */
  static ProtocolParser load(String protocol) {
    for (ProtocolParser parser : ServiceLoader.load(ProtocolParser.class)) {
      if (parser.protocol().equals(protocol)) {
        return parser;
      }
    }
    throw new IllegalStateException("no ProtocolParser for \"" + protocol + "\" in META-INF/services of the"
        + " benchmarks jar: is its parser in protocol-parsers yet? Rebuild with mvn -pl jmh -am package");
  }
}
