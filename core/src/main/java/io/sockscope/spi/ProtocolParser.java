package io.sockscope.spi;

import io.sockscope.Connection;
import java.nio.ByteBuffer;

/**
 * A protocol the tracer can parse, discovered through {@link java.util.ServiceLoader}:
 * list the implementing class in {@code META-INF/services/io.sockscope.spi.ProtocolParser}.
 *
 * <p>Implementations are stateless and safe for concurrent use; all per-connection state lives
 * in the {@link ParserSession} that {@link #newSession} returns. A public no-argument
 * constructor is required by ServiceLoader.
 */
public interface ProtocolParser {

  /** The protocol's short lowercase name, such as {@code "http"}; reported in each exchange. */
  String protocol();

  /**
   * Judges whether a connection speaks this protocol from the first bytes seen in one
   * direction. Must not throw and must not keep {@code firstBytes}.
   *
   * @param direction the direction these bytes travelled
   * @param firstBytes the first captured bytes of that direction, read-only, positioned at 0
   * @param connection the connection, whose ports may serve as a hint
   */
  Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection);

  /** Opens the state for one connection. Called once per connection on the handler thread. */
  ParserSession newSession(SessionContext context);
}
