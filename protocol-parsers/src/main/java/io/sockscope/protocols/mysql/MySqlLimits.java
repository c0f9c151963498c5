package io.sockscope.protocols.mysql;

/**
 * Every limit the MySQL parser enforces, in one place.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>Limit</th><th>Value</th><th>Applies to</th></tr>
 *   <tr><td>{@link #MAX_KEPT_PAYLOAD_BYTES}</td><td>4 KiB</td>
 *       <td>the first bytes of each message kept for parsing; the rest is counted and skipped</td></tr>
 *   <tr><td>{@link #MAX_QUERY_TEXT_BYTES}</td><td>1 KiB</td>
 *       <td>{@code db.query.text}, cut at a character boundary</td></tr>
 *   <tr><td>{@link #MAX_ERROR_MESSAGE_CHARS}</td><td>256</td><td>{@code mysql.error.message}</td></tr>
 *   <tr><td>{@link #MAX_PENDING_COMMANDS}</td><td>256</td>
 *       <td>commands waiting for their response on one connection; beyond it the connection is
 *           unparseable, since a response's framing depends on its command</td></tr>
 *   <tr><td>{@link #MAX_PREPARED_STATEMENTS}</td><td>256</td>
 *       <td>statement texts remembered per connection for COM_STMT_EXECUTE; the least recently
 *           used is forgotten</td></tr>
 *   <tr><td>{@link #MAX_COLUMNS}</td><td>65535</td><td>columns of one result set</td></tr>
 *   <tr><td>{@link #MAX_HANDSHAKE_BYTES}</td><td>64 KiB</td>
 *       <td>a server greeting or a client handshake response</td></tr>
 * </table>
 */
final class MySqlLimits {

  /** The most payload bytes of one message kept for parsing. */
  static final int MAX_KEPT_PAYLOAD_BYTES = 4096;

  /** The most bytes of a statement's text reported. */
  static final int MAX_QUERY_TEXT_BYTES = 1024;

  /** The most characters of an error message reported. */
  static final int MAX_ERROR_MESSAGE_CHARS = 256;

  /** The most commands waiting for a response. */
  static final int MAX_PENDING_COMMANDS = 256;

  /** The most prepared statements whose text is remembered. */
  static final int MAX_PREPARED_STATEMENTS = 256;

  /** The most columns a result set may announce. */
  static final int MAX_COLUMNS = 65535;

  /** The longest server greeting or client handshake response believed. */
  static final int MAX_HANDSHAKE_BYTES = 64 * 1024;

  private MySqlLimits() {}
}
