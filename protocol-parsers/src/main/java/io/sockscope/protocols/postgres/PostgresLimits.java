package io.sockscope.protocols.postgres;

/**
 * Every limit the PostgreSQL parser enforces, in one place. A length field beyond its limit
 * makes the connection unparseable; the other limits bound what is kept or reported.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>Limit</th><th>Value</th><th>Applies to</th></tr>
 *   <tr><td>{@link #MAX_MESSAGE_LENGTH}</td><td>1 GiB</td>
 *       <td>the length field of a typed message (the server's own limit)</td></tr>
 *   <tr><td>{@link #MAX_STARTUP_LENGTH}</td><td>10000</td>
 *       <td>the length of a StartupMessage, SSLRequest, GSSENCRequest or CancelRequest</td></tr>
 *   <tr><td>{@link #DECODED_BODY_BYTES}</td><td>8 KiB</td>
 *       <td>the first bytes of a message body that are decoded; the rest is counted and skipped</td></tr>
 *   <tr><td>{@link #MAX_QUERY_TEXT_CHARS}</td><td>1024</td><td>a reported {@code db.query.text}</td></tr>
 *   <tr><td>{@link #MAX_ERROR_MESSAGE_CHARS}</td><td>256</td>
 *       <td>a reported {@code postgresql.error.message}</td></tr>
 *   <tr><td>{@link #MAX_PENDING_MESSAGES}</td><td>4096</td>
 *       <td>client messages waiting for their response on one connection</td></tr>
 *   <tr><td>{@link #MAX_PREPARED_STATEMENTS}</td><td>256</td>
 *       <td>named prepared statements whose text is remembered per connection (least recently
 *       used forgotten first)</td></tr>
 *   <tr><td>{@link #MAX_PORTALS}</td><td>64</td><td>named portals remembered per connection</td></tr>
 *   <tr><td>{@link #MAX_NAME_CHARS}</td><td>256</td>
 *       <td>a statement or portal name that is remembered</td></tr>
 * </table>
 */
final class PostgresLimits {

  /** PostgreSQL refuses messages over 1 GiB; a larger length field is not PostgreSQL. */
  static final long MAX_MESSAGE_LENGTH = 1L << 30;

  /** The server's MAX_STARTUP_PACKET_LENGTH: longer startup packets are refused. */
  static final int MAX_STARTUP_LENGTH = 10_000;

  /** How much of a message body is looked at; DataRow and CopyData bodies never are. */
  static final int DECODED_BODY_BYTES = 8 * 1024;

  /** The longest query text reported; longer texts are cut. */
  static final int MAX_QUERY_TEXT_CHARS = 1024;

  /** The longest error message reported; longer ones are cut. */
  static final int MAX_ERROR_MESSAGE_CHARS = 256;

  /** The most client messages waiting for a response; beyond it the connection is given up. */
  static final int MAX_PENDING_MESSAGES = 4096;

  /** The most named prepared statements remembered, least recently used forgotten first. */
  static final int MAX_PREPARED_STATEMENTS = 256;

  /** The most named portals remembered, least recently used forgotten first. */
  static final int MAX_PORTALS = 64;

  /** Names longer than this are not remembered. */
  static final int MAX_NAME_CHARS = 256;

  private PostgresLimits() {}
}
