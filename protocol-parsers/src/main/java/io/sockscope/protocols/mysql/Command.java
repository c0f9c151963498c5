package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * The commands a client sends in the command phase, by their first payload byte, with the response
 * each expects. Commands the server sends no parseable response to (replication) are not listed.
 */
enum Command {
  QUIT(0x01, "QUIT", Response.NONE),
  INIT_DB(0x02, "INIT_DB", Response.SINGLE),
  QUERY(0x03, "QUERY", Response.RESULT),
  FIELD_LIST(0x04, "FIELD_LIST", Response.FIELD_LIST),
  CREATE_DB(0x05, "CREATE_DB", Response.SINGLE),
  DROP_DB(0x06, "DROP_DB", Response.SINGLE),
  REFRESH(0x07, "REFRESH", Response.SINGLE),
  SHUTDOWN(0x08, "SHUTDOWN", Response.SINGLE),
  STATISTICS(0x09, "STATISTICS", Response.SINGLE),
  PROCESS_INFO(0x0a, "PROCESS_INFO", Response.RESULT),
  PROCESS_KILL(0x0c, "PROCESS_KILL", Response.SINGLE),
  DEBUG(0x0d, "DEBUG", Response.SINGLE),
  PING(0x0e, "PING", Response.SINGLE),
  CHANGE_USER(0x11, "CHANGE_USER", Response.AUTH),
  STMT_PREPARE(0x16, "PREPARE", Response.PREPARE),
  STMT_EXECUTE(0x17, "EXECUTE", Response.RESULT),
  STMT_SEND_LONG_DATA(0x18, "SEND_LONG_DATA", Response.NONE),
  STMT_CLOSE(0x19, "CLOSE", Response.NONE),
  STMT_RESET(0x1a, "RESET", Response.SINGLE),
  SET_OPTION(0x1b, "SET_OPTION", Response.SINGLE),
  STMT_FETCH(0x1c, "FETCH", Response.ROWS),
  RESET_CONNECTION(0x1f, "RESET_CONNECTION", Response.SINGLE),
  /** MariaDB's bulk execution of a prepared statement. */
  STMT_BULK_EXECUTE(0xfa, "BULK_EXECUTE", Response.RESULT),
  /** Not a command byte: the client's handshake response, answered at the end of authentication. */
  CONNECT(-1, "CONNECT", Response.AUTH);

  /** What the server answers a command with. */
  enum Response {
    /** Nothing. */
    NONE,
    /** One OK, ERR, EOF or plain packet. */
    SINGLE,
    /** OK, ERR, a LOCAL INFILE request, or result sets, several while more results exist. */
    RESULT,
    /** ERR, or an OK with a statement id followed by parameter and column definitions. */
    PREPARE,
    /** Column definitions ended by EOF, or ERR. */
    FIELD_LIST,
    /** Rows ended by EOF or ERR. */
    ROWS,
    /** Authentication switch and more-data packets until OK or ERR. */
    AUTH
  }

  private static final @Nullable Command[] BY_CODE = new Command[256];

  static {
    for (Command command : values()) {
      if (command.code >= 0) {
        BY_CODE[command.code] = command;
      }
    }
  }

  private final int code;
  private final String operation;
  private final Response response;

  Command(int code, String operation, Response response) {
    this.code = code;
    this.operation = operation;
    this.response = response;
  }

  /** The command whose first payload byte is {@code code}, or null when none is known. */
  static @Nullable Command of(int code) {
    return code >= 0 && code < 256 ? BY_CODE[code] : null;
  }

  /** The operation name reported when the statement's text gives none: PING, PREPARE, ... */
  String operation() {
    return operation;
  }

  Response response() {
    return response;
  }

  /** Whether the command carries a statement's text. */
  boolean carriesStatementText() {
    return this == QUERY || this == STMT_PREPARE;
  }

  /** Whether the command names a prepared statement by its id in payload bytes 1 to 4. */
  boolean namesStatement() {
    return this == STMT_EXECUTE || this == STMT_SEND_LONG_DATA || this == STMT_CLOSE
        || this == STMT_RESET || this == STMT_FETCH || this == STMT_BULK_EXECUTE;
  }
}
