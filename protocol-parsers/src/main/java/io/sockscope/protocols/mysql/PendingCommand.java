package io.sockscope.protocols.mysql;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import org.jspecify.annotations.Nullable;

/**
 * A command the client sent (or its handshake response), waiting for the server's response, and
 * what that response has said so far. Confined to the session's thread.
 */
final class PendingCommand {

  private static final long NONE = -1;

  private final Command command;
  private final long startNanos;
  private final long requestEndNanos;
  private final @Nullable String namespace;
  private @Nullable String text;
  private @Nullable String collection;
  private @Nullable String user;
  private @Nullable String authPlugin;
  private long statementId = NONE;
  private int nextSeq;
  private long responseEndNanos;
  private boolean responseStarted;

  private int resultSets;
  private long rows;
  private long affectedRows;
  private long lastInsertId;
  private long warnings;
  private boolean ok;
  private @Nullable ErrPacket error;

  /**
   * @param requestLastSeq the sequence id of the request's last packet; the response continues it
   * @param namespace the default schema when the command was sent
   */
  PendingCommand(Command command, Message request, @Nullable String namespace) {
    this.command = command;
    this.startNanos = request.startNanos();
    this.requestEndNanos = request.endNanos();
    this.responseEndNanos = request.endNanos();
    this.nextSeq = (request.lastSeq() + 1) & 0xff;
    this.namespace = namespace;
  }

  Command command() {
    return command;
  }

  /** The default schema when the command was sent; for INIT_DB, the schema asked for. */
  @Nullable String namespace() {
    return namespace;
  }

  @Nullable String text() {
    return text;
  }

  void text(@Nullable String text) {
    this.text = text;
  }

  /** The table a COM_FIELD_LIST asks about. */
  void collection(String table) {
    this.collection = table;
  }

  void user(@Nullable String user) {
    this.user = user;
  }

  void authPlugin(@Nullable String plugin) {
    this.authPlugin = plugin;
  }

  void statementId(long id) {
    this.statementId = id;
  }

  /** The sequence id the next packet of this exchange must carry. */
  int nextSeq() {
    return nextSeq;
  }

  /** A packet of this exchange went by (a response packet, or the client's auth or file data). */
  void packetSeen(Message message) {
    nextSeq = (message.lastSeq() + 1) & 0xff;
  }

  void responsePacket(Message message) {
    packetSeen(message);
    responseEndNanos = message.endNanos();
  }

  /** Whether the response reader has been set up for this command. */
  boolean responseStarted() {
    return responseStarted;
  }

  void markResponseStarted() {
    responseStarted = true;
  }

  void resultSet() {
    resultSets++;
  }

  void row() {
    rows++;
  }

  void ok(OkPacket packet) {
    ok = true;
    affectedRows += packet.affectedRows();
    if (packet.lastInsertId() != 0) {
      lastInsertId = packet.lastInsertId();
    }
    warnings += packet.warnings();
  }

  void error(ErrPacket packet) {
    error = packet;
  }

  boolean succeeded() {
    return error == null && (ok || resultSets > 0 || command.response() == Command.Response.NONE);
  }

  /** The exchange of this command and its response, named after OpenTelemetry's database conventions. */
  Exchange toExchange(ConnectionState state, Connection connection) {
    boolean answered = command.response() != Command.Response.NONE;
    long endNanos = Math.max(startNanos, answered ? responseEndNanos : requestEndNanos);
    String operation = operationName();
    Exchange.Builder exchange =
        Exchange.builder("mysql", connection)
            .startNanos(startNanos)
            .endNanos(endNanos)
            .connectionAttributes()
            .attribute("db.system.name", state.dbSystem())
            .attribute("db.operation.name", operation)
            .attribute("mysql.command", command == Command.CONNECT ? "CONNECT" : command.name());
    if (namespace != null) {
      exchange.attribute("db.namespace", namespace);
    }
    if (text != null) {
      exchange.attribute("db.query.text", text);
    }
    if (collection != null) {
      exchange.attribute("db.collection.name", collection);
    }
    if (statementId != NONE) {
      exchange.attribute("mysql.statement.id", statementId);
    }
    if (user != null) {
      exchange.attribute("mysql.user", user);
    }
    if (authPlugin != null) {
      exchange.attribute("mysql.auth.plugin", authPlugin);
    }
    ServerGreeting greeting = state.greeting();
    if (command == Command.CONNECT && greeting != null) {
      exchange.attribute("mysql.server.version", greeting.version());
      exchange.attribute("mysql.connection.id", greeting.connectionId());
    }
    if (resultSets > 0) {
      exchange.attribute("db.response.returned_rows", rows);
    }
    if (resultSets > 1) {
      exchange.attribute("mysql.result_sets", (long) resultSets);
    }
    if (ok && error == null && resultSets == 0 && runsStatement()) {
      exchange.attribute("mysql.affected_rows", affectedRows);
    }
    if (lastInsertId != 0) {
      exchange.attribute("mysql.last_insert_id", lastInsertId);
    }
    if (warnings > 0) {
      exchange.attribute("mysql.warnings", warnings);
    }
    ErrPacket err = error;
    if (err != null) {
      String code = Integer.toString(err.code());
      exchange.attribute("db.response.status_code", code).attribute("error.type", code);
      if (err.sqlState() != null) {
        exchange.attribute("mysql.sqlstate", err.sqlState());
      }
      exchange.attribute("mysql.error.message", err.message());
    }
    return exchange.summary(subject(operation) + " -> " + outcome()).build();
  }

  private boolean runsStatement() {
    return command == Command.QUERY || command == Command.STMT_EXECUTE || command == Command.STMT_BULK_EXECUTE;
  }

  private String operationName() {
    if (runsStatement()) {
      String keyword = text == null ? null : StatementText.firstKeyword(text);
      if (keyword != null) {
        return keyword;
      }
    }
    return command.operation();
  }

  private String subject(String operation) {
    if (command == Command.CONNECT || command == Command.CHANGE_USER) {
      return operation + " " + (user == null ? "?" : user) + (namespace == null ? "" : "@" + namespace);
    }
    if (command == Command.INIT_DB) {
      return operation + " " + namespace;
    }
    if (text == null) {
      return command == Command.STMT_EXECUTE && statementId != NONE ? operation + " #" + statementId : operation;
    }
    String shortText = StatementText.abbreviate(text);
    return command == Command.QUERY ? shortText : command.operation() + " " + shortText;
  }

  private String outcome() {
    ErrPacket err = error;
    if (err != null) {
      return "ERR " + err.code() + (err.sqlState() == null ? "" : " (" + err.sqlState() + ")");
    }
    if (command.response() == Command.Response.NONE) {
      return "no response";
    }
    if (command == Command.STMT_PREPARE && statementId != NONE) {
      return "statement " + statementId;
    }
    if (resultSets > 0) {
      return rows + (rows == 1 ? " row" : " rows") + (resultSets > 1 ? " in " + resultSets + " result sets" : "");
    }
    if (ok) {
      return affectedRows > 0 ? "OK, " + affectedRows + " affected" : "OK";
    }
    return "done";
  }
}
