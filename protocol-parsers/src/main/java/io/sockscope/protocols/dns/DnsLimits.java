package io.sockscope.protocols.dns;

/**
 * Every limit the DNS parser enforces, in one place. Names beyond the limits of RFC 1035 are
 * malformed; the text limits cut what an exchange reports, never what is parsed.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>Limit</th><th>Value</th><th>Applies to</th></tr>
 *   <tr><td>{@link #MAX_NAME_BYTES}</td><td>255</td><td>a name, in wire form (RFC 1035)</td></tr>
 *   <tr><td>{@link #MAX_LABEL_BYTES}</td><td>63</td><td>one label of a name (RFC 1035)</td></tr>
 *   <tr><td>{@link #MAX_COMPRESSION_POINTERS}</td><td>64</td>
 *       <td>compression pointers followed while reading one name</td></tr>
 *   <tr><td>{@link #MAX_ANSWERS_CHARS}</td><td>1024</td>
 *       <td>the text of {@code dns.answers}, all answers together</td></tr>
 *   <tr><td>{@link #MAX_TXT_CHARS}</td><td>256</td>
 *       <td>the text shown for one TXT record</td></tr>
 *   <tr><td>{@link #MAX_PENDING_QUERIES}</td><td>1024</td>
 *       <td>queries waiting for their answer on one socket</td></tr>
 *   <tr><td>{@link #QUERY_TIMEOUT_NANOS}</td><td>30 s</td>
 *       <td>how long a query waits for its answer</td></tr>
 * </table>
 */
final class DnsLimits {

  /** The fixed header of every message: id, flags and the four section counts. */
  static final int HEADER_BYTES = 12;

  /** The longest name in wire form, counting every length byte and the final zero. */
  static final int MAX_NAME_BYTES = 255;

  /** The longest label. */
  static final int MAX_LABEL_BYTES = 63;

  /**
   * The most compression pointers followed in one name. Each must point before the bytes read so
   * far in that name, so a loop is impossible anyway; this bounds the work per name.
   */
  static final int MAX_COMPRESSION_POINTERS = 64;

  /** The most characters of {@code dns.answers}; longer lists end with {@code ...}. */
  static final int MAX_ANSWERS_CHARS = 1024;

  /** The most characters shown for one TXT record; longer ones end with {@code ...}. */
  static final int MAX_TXT_CHARS = 256;

  /** The most queries kept waiting for an answer; beyond it the oldest is dropped. */
  static final int MAX_PENDING_QUERIES = 1024;

  /** A query still unanswered this long after it was seen is dropped: its answer is lost. */
  static final long QUERY_TIMEOUT_NANOS = 30_000_000_000L;

  private DnsLimits() {}
}
