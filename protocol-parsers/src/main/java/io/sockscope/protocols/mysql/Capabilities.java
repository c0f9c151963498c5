package io.sockscope.protocols.mysql;

/**
 * The capability flags of the handshake and the server status flags that change how the parser
 * reads messages. Constants only.
 */
final class Capabilities {

  /** MariaDB: unset by a MariaDB server or client, which then send extended capabilities. */
  static final long CLIENT_MYSQL = 1L;
  static final long CLIENT_CONNECT_WITH_DB = 1L << 3;
  static final long CLIENT_COMPRESS = 1L << 5;
  static final long CLIENT_PROTOCOL_41 = 1L << 9;
  static final long CLIENT_SSL = 1L << 11;
  static final long CLIENT_SECURE_CONNECTION = 1L << 15;
  static final long CLIENT_PLUGIN_AUTH = 1L << 19;
  static final long CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 1L << 21;
  static final long CLIENT_DEPRECATE_EOF = 1L << 24;
  static final long CLIENT_ZSTD_COMPRESSION = 1L << 26;

  /** Server status: another result follows this one. */
  static final int SERVER_MORE_RESULTS_EXISTS = 0x0008;
  /** Server status: a cursor was opened; its rows come with COM_STMT_FETCH. */
  static final int SERVER_STATUS_CURSOR_EXISTS = 0x0040;
  /** Server status: the OK packet carries session state changes. */
  static final int SERVER_SESSION_STATE_CHANGED = 0x4000;

  /** Session state change type: the default schema. */
  static final int SESSION_TRACK_SCHEMA = 1;

  private Capabilities() {}

  static boolean has(long flags, long flag) {
    return (flags & flag) != 0;
  }
}
