package io.sockscope.protocols.redis;

/**
 * Every limit the Redis parser enforces, in one place. Input beyond a limit makes the connection
 * unparseable, except {@link #MAX_PENDING_COMMANDS}, which drops the oldest command, and the
 * limits on what is kept for reporting, which truncate.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>Limit</th><th>Value</th><th>Applies to</th></tr>
 *   <tr><td>{@link #MAX_LINE_BYTES}</td><td>64 KiB</td>
 *       <td>a type line, simple string, simple error or inline command, with its CRLF</td></tr>
 *   <tr><td>{@link #MAX_BULK_BYTES}</td><td>4 GiB</td>
 *       <td>the length of one bulk string, bulk error, verbatim string or streamed chunk</td></tr>
 *   <tr><td>{@link #MAX_ELEMENTS}</td><td>2<sup>32</sup></td>
 *       <td>the element count of one array, set or push (pairs of a map or attribute)</td></tr>
 *   <tr><td>{@link #MAX_NESTING}</td><td>64</td><td>aggregates inside one another</td></tr>
 *   <tr><td>{@link #MAX_PENDING_COMMANDS}</td><td>1024</td>
 *       <td>commands waiting for their reply on one connection</td></tr>
 *   <tr><td>{@link #KEPT_ELEMENTS}</td><td>64</td>
 *       <td>elements of a command or a top-level aggregate whose text is kept</td></tr>
 *   <tr><td>{@link #KEPT_ELEMENT_BYTES}</td><td>128</td><td>bytes kept of each such element</td></tr>
 *   <tr><td>{@link #MAX_QUERY_TEXT_CHARS}</td><td>1024</td><td>{@code db.query.text}</td></tr>
 * </table>
 */
final class RedisLimits {

  /** The longest line, counting its CRLF; Redis itself refuses longer inline commands. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** The largest length believed for one string; anything larger is garbage, not a value. */
  static final long MAX_BULK_BYTES = 1L << 32;

  /** The largest element count believed for one aggregate. */
  static final long MAX_ELEMENTS = 1L << 32;

  /** How deep aggregates may nest. */
  static final int MAX_NESTING = 64;

  /** The most commands kept waiting for a reply; beyond it the oldest is dropped. */
  static final int MAX_PENDING_COMMANDS = 1024;

  /** How many elements of a command (or of a top-level aggregate reply) have their text kept. */
  static final int KEPT_ELEMENTS = 64;

  /** How many bytes of each kept element are kept; longer ones are cut and marked. */
  static final int KEPT_ELEMENT_BYTES = 128;

  /** The longest {@code db.query.text}, in characters. */
  static final int MAX_QUERY_TEXT_CHARS = 1024;

  private RedisLimits() {}
}
