package io.sockscope.internal.conn;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ProtocolParser;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Picks the parser for a connection from the first bytes of one direction: the first parser
 * that answers {@link Inference#YES}; else, once no parser needs more bytes, the first that
 * answers {@link Inference#MAYBE}. Stateless; safe for concurrent use.
 */
final class ProtocolInference {
  /** What inference decided. */
  record Verdict(@Nullable ProtocolParser parser, boolean needMoreBytes) {
    static final Verdict NEED_MORE = new Verdict(null, true);
    static final Verdict NONE = new Verdict(null, false);
  }

  private final List<ProtocolParser> parsers;

  ProtocolInference(List<ProtocolParser> parsers) {
    this.parsers = List.copyOf(parsers);
  }

  Verdict infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    ProtocolParser maybe = null;
    boolean needMore = false;
    // One read-only view for every parser, put back where it was before each: they must not keep it.
    ByteBuffer view = firstBytes.asReadOnlyBuffer();
    for (ProtocolParser parser : parsers) {
      Inference answer;
      try {
        view.limit(firstBytes.limit()).position(firstBytes.position());
        answer = parser.infer(direction, view, connection);
      } catch (RuntimeException e) {
        answer = Inference.NO; // a parser that cannot judge does not get the connection
      }
      switch (answer) {
        case YES:
          return new Verdict(parser, false);
        case MAYBE:
          if (maybe == null) {
            maybe = parser;
          }
          break;
        case NEED_MORE_BYTES:
          needMore = true;
          break;
        default:
          break;
      }
    }
    if (needMore) {
      return Verdict.NEED_MORE;
    }
    return maybe == null ? Verdict.NONE : new Verdict(maybe, false);
  }
}
