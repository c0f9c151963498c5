package io.sockscope.spi;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The parse state of one connection, fed the bytes of both directions in the order they
 * were captured. Confined to one handler thread: never called concurrently.
 *
 * <p>A session never throws for malformed input; it calls {@link SessionContext#unparseable}
 * and the tracer stops feeding it. An exception that escapes anyway is caught and counted,
 * and disables only this connection.
 */
public interface ParserSession {

  /**
   * Offers the contiguous bytes of one direction that the session has not consumed yet: the
   * bytes left over from earlier calls followed by the bytes that just arrived.
   *
   * @param direction the direction of these bytes
   * @param data the unconsumed bytes, read-only, from its position to its limit; valid only
   *     during this call
   * @param timestampNanos when the newest of these bytes were transferred (CLOCK_MONOTONIC,
   *     the clock of {@link System#nanoTime()} on Linux)
   * @return how many bytes from the start of {@code data} were consumed; the rest are offered
   *     again, with more behind them, on the next call for this direction
   */
  int onData(Direction direction, ByteBuffer data, long timestampNanos);

  /**
   * Reports that {@code length} bytes of one direction will never arrive: lost when the ring
   * buffer was full, or not copied because a call moved more than the capture cap. Any bytes
   * of that direction offered before and not consumed are discarded with them. A session that
   * knows it was inside a length-delimited body skips them and keeps its framing; otherwise it
   * must find its way back to a message boundary, or give up.
   *
   * @param direction the direction the bytes are missing from
   * @param length how many bytes are missing, at least 1
   * @param timestampNanos when the call that should have carried them returned
   */
  void onGap(Direction direction, long length, long timestampNanos);

  /**
   * Offers one whole datagram of a UDP socket, with the peer it came from or went to. A
   * session of a datagram protocol (DNS, ...) overrides this; the default ignores datagrams.
   *
   * @param direction the direction of the datagram
   * @param peer the other end of this datagram; on an unconnected socket it differs per datagram
   * @param payload the captured bytes of the datagram, read-only, valid only during this call
   * @param notCapturedBytes bytes at the end of the datagram that were not copied (past the
   *     capture limit); 0 when {@code payload} is the whole datagram
   * @param timestampNanos when the call that moved the datagram returned
   */
  default void onDatagram(
      Direction direction, InetSocketAddress peer, ByteBuffer payload, long notCapturedBytes, long timestampNanos) {}

  /**
   * The connection was closed. A session may complete a message that ends with the
   * connection, such as an HTTP/1.0 response without a length.
   */
  default void onClose(long timestampNanos) {}
}
