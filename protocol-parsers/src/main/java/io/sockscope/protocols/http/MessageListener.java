package io.sockscope.protocols.http;

/**
 * Receives the message events one direction's {@link HttpMessageDecoder} decodes, in order: a head,
 * any number of body byte counts, and an end; or a malformed report, after which nothing follows.
 *
 * @param <L> the start line type, {@link RequestLine} or {@link StatusLine}
 */
interface MessageListener<L> {

  /**
   * The start line and header lines of a message have been read.
   *
   * @param firstByteNanos the timestamp of the call that first offered the message's first byte
   */
  void onHead(L startLine, HeaderFields headers, long firstByteNanos);

  /** {@code count} more bytes of the body went by, read or lost in a gap; after de-chunking. */
  void onBodyBytes(long count);

  /**
   * The message is complete.
   *
   * @param lastByteNanos the timestamp of the call that carried (or lost) its last byte
   */
  void onMessageEnd(long lastByteNanos);

  /** The bytes cannot be HTTP; the decoder has stopped. */
  void onMalformed(String reason);
}
