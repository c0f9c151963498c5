package io.sockscope.protocols.memcached;

/**
 * Every limit the memcached parser enforces, in one place. Input beyond a limit makes the
 * connection unparseable, except {@link #MAX_PENDING_REQUESTS}, which drops the oldest request, and
 * {@link #MAX_QUERY_TEXT_CHARS}, which truncates.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>Limit</th><th>Value</th><th>Applies to</th></tr>
 *   <tr><td>{@link #MAX_LINE_BYTES}</td><td>256 KiB</td>
 *       <td>a text command line or response line, with its line ending</td></tr>
 *   <tr><td>{@link #MAX_VALUE_BYTES}</td><td>1 GiB</td>
 *       <td>the data block of a text storage command, VALUE or VA line</td></tr>
 *   <tr><td>{@link #MAX_BINARY_BODY_BYTES}</td><td>1 GiB + 128 KiB</td>
 *       <td>the total body length of a binary packet</td></tr>
 *   <tr><td>{@link #MAX_PENDING_REQUESTS}</td><td>1024</td>
 *       <td>requests waiting for their response on one connection</td></tr>
 *   <tr><td>{@link #MAX_QUERY_TEXT_CHARS}</td><td>1024</td>
 *       <td>{@code db.query.text}, truncated beyond</td></tr>
 * </table>
 */
final class MemcachedLimits {

  /** The longest text line, counting its line ending: a get of many keys fits. */
  static final int MAX_LINE_BYTES = 256 * 1024;

  /** The largest data block believed: memcached's largest item size ({@code -I 1024m}). */
  static final long MAX_VALUE_BYTES = 1L << 30;

  /** The largest binary total body length believed: a largest value, a key and extras. */
  static final long MAX_BINARY_BODY_BYTES = MAX_VALUE_BYTES + 128 * 1024;

  /** The most requests kept waiting for a response; beyond it the oldest is dropped. */
  static final int MAX_PENDING_REQUESTS = 1024;

  /** The longest {@code db.query.text}; longer command lines are cut and end with an ellipsis. */
  static final int MAX_QUERY_TEXT_CHARS = 1024;

  private MemcachedLimits() {}
}
