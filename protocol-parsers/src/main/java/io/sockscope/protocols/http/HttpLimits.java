package io.sockscope.protocols.http;

/**
 * Every limit the HTTP parser enforces, in one place. Input beyond a limit makes the connection
 * unparseable, except {@link #MAX_PENDING_REQUESTS}, which drops the oldest request.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>Limit</th><th>Value</th><th>Applies to</th></tr>
 *   <tr><td>{@link #MAX_LINE_BYTES}</td><td>16 KiB</td>
 *       <td>a request line, status line, header line or chunk size line, with its CRLF</td></tr>
 *   <tr><td>{@link #MAX_HEADER_BLOCK_BYTES}</td><td>64 KiB</td>
 *       <td>start line plus header lines of one message, or the trailer lines</td></tr>
 *   <tr><td>{@link #MAX_HEADER_COUNT}</td><td>256</td><td>header lines of one message</td></tr>
 *   <tr><td>{@link #MAX_BODY_BYTES}</td><td>2<sup>53</sup></td>
 *       <td>a Content-Length, or one chunk size</td></tr>
 *   <tr><td>{@link #MAX_PENDING_REQUESTS}</td><td>1024</td>
 *       <td>requests waiting for their response on one connection</td></tr>
 * </table>
 */
final class HttpLimits {

  /** The longest line, counting its line ending. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  /** The most bytes the start line and header lines of one message may take together. */
  static final int MAX_HEADER_BLOCK_BYTES = 64 * 1024;

  /** The most header lines (or trailer lines) one message may have. */
  static final int MAX_HEADER_COUNT = 256;

  /**
   * The largest Content-Length or chunk size believed: 2<sup>53</sup>, which a JSON number still
   * holds exactly. Anything larger is garbage rather than a body.
   */
  static final long MAX_BODY_BYTES = 1L << 53;

  /** The most requests kept waiting for a response; beyond it the oldest is dropped. */
  static final int MAX_PENDING_REQUESTS = 1024;

  private HttpLimits() {}
}
