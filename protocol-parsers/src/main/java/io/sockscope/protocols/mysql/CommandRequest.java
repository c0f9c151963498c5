package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * What the parser reads from a command's payload: a statement's text, a prepared statement's id, a
 * schema, table or user name. Passwords (COM_CHANGE_USER's authentication response) are skipped.
 * Immutable.
 *
 * @param text the statement text, cut to {@link MySqlLimits#MAX_QUERY_TEXT_BYTES}, or null
 * @param statementId the prepared statement's id, or -1
 * @param name the schema (INIT_DB, CREATE_DB, DROP_DB), table (FIELD_LIST) or user (CHANGE_USER)
 */
record CommandRequest(Command command, @Nullable String text, long statementId, @Nullable String name) {

  /** MySQL 8's query attributes, which come before the text of a COM_QUERY. */
  private static final long CLIENT_QUERY_ATTRIBUTES = 1L << 27;

  static CommandRequest read(Command command, Message message, ConnectionState state) {
    byte[] bytes = message.bytes();
    int kept = message.keptLength();
    Payload payload = Payload.of(message);
    payload.skip(1);
    switch (command) {
      case QUERY:
        if (state.clientHas(CLIENT_QUERY_ATTRIBUTES)) {
          long parameters = payload.lengthEncoded();
          payload.lengthEncoded(); // parameter sets, always 1
          if (parameters != 0) {
            return new CommandRequest(command, null, -1, null);
          }
        }
        return new CommandRequest(command, StatementText.decode(bytes, payload.position(), kept), -1, null);
      case STMT_PREPARE:
        return new CommandRequest(command, StatementText.decode(bytes, 1, kept), -1, null);
      case INIT_DB, CREATE_DB, DROP_DB:
        return new CommandRequest(command, null, -1, payload.rest(MySqlLimits.MAX_QUERY_TEXT_BYTES));
      case FIELD_LIST, CHANGE_USER:
        return new CommandRequest(command, null, -1, payload.nulTerminated());
      default:
        long id = command.namesStatement() ? payload.fixed(4) : -1;
        return new CommandRequest(command, null, id, null);
    }
  }

  /** The schema an INIT_DB asks for, or null. */
  @Nullable String schema() {
    return command == Command.INIT_DB ? name : null;
  }

  /** Puts what the request says into its pending command, and tells the connection's statements. */
  void describe(PendingCommand pending, ConnectionState state) {
    if (command == Command.STMT_PREPARE && text != null) {
      state.statements.preparing(text);
    }
    if (text != null) {
      pending.text(text);
    }
    if (statementId >= 0) {
      pending.statementId(statementId);
      if (command == Command.STMT_EXECUTE || command == Command.STMT_BULK_EXECUTE || command == Command.STMT_FETCH) {
        pending.text(state.statements.text(statementId));
      } else if (command == Command.STMT_CLOSE) {
        state.statements.closed(statementId);
      }
    }
    if (name != null) {
      if (command == Command.FIELD_LIST) {
        pending.collection(name);
      } else if (command == Command.CHANGE_USER) {
        pending.user(name);
      }
    }
  }
}
