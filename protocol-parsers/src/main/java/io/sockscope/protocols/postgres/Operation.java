package io.sockscope.protocols.postgres;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One exchange in the making: what the client asked (a startup, a simple Query, an extended-protocol
 * run of Parse/Bind/Describe/Execute, a function call, a cancel) and what the server has answered
 * so far. A simple Query may hold several statements; their results add up (rows) and their
 * commands make a batch operation name. Confined to the session's thread.
 */
final class Operation {

  /** What the client asked for; reported as {@code postgresql.request.type}. */
  enum Kind {
    STARTUP("startup"), QUERY("query"), EXECUTE("execute"), FUNCTION_CALL("function_call"), CANCEL("cancel");

    final String attribute;

    Kind(String attribute) {
      this.attribute = attribute;
    }
  }

  private static final int SUMMARY_TEXT_CHARS = 60;
  private static final int SUMMARY_TAGS = 3;

  final Kind kind;
  final long startNanos;
  private @Nullable String text;
  private String statementName = "";
  private String portalName = "";
  private boolean executed;

  // Startup.
  private @Nullable String user;
  private @Nullable String database;
  private @Nullable String applicationName;
  private @Nullable String authMethod;
  private @Nullable String securityAnswer;
  private long number = -1; // a cancelled backend's pid, or a called function's OID

  // Results.
  private int statements;
  private @Nullable String firstCommand;
  private boolean mixedCommands;
  private @Nullable Long returnedRows;
  private @Nullable Long affectedRows;
  private final List<String> tags = new ArrayList<>(1);
  private long dataRows;
  private boolean rowsDescribed;
  private byte copyResponse;
  private boolean suspended;
  private int notices;
  private @Nullable ErrorFields error;

  private boolean finished;

  Operation(Kind kind, long startNanos) {
    this.kind = kind;
    this.startNanos = startNanos;
  }

  static Operation startup(long startNanos, @Nullable String user, @Nullable String database,
      @Nullable String applicationName, @Nullable String securityAnswer) {
    Operation startup = new Operation(Kind.STARTUP, startNanos);
    startup.user = user;
    startup.database = database;
    startup.applicationName = applicationName;
    startup.securityAnswer = securityAnswer;
    return startup;
  }

  static Operation withNumber(Kind kind, long startNanos, long number) {
    Operation operation = new Operation(kind, startNanos);
    operation.number = number;
    return operation;
  }

  static Operation query(long startNanos, @Nullable String text) {
    Operation query = new Operation(Kind.QUERY, startNanos);
    query.text = text;
    return query;
  }

  @Nullable String database() {
    return database;
  }

  /** A Parse in this run: its text is reported unless a Bind or Execute says otherwise. */
  void parsed(String name, @Nullable String text) {
    this.statementName = name;
    this.text = text;
  }

  /** A Bind or Execute in this run: the statement it runs, and the portal for an Execute. */
  void runs(PreparedStatements.Statement statement) {
    this.statementName = statement.name();
    this.text = statement.text();
  }

  void executes(String portal, PreparedStatements.Statement statement) {
    runs(statement);
    this.portalName = portal;
    this.executed = true;
  }

  boolean isExecuted() {
    return executed;
  }

  void authMethod(String method) {
    this.authMethod = method;
  }

  @Nullable String authMethod() {
    return authMethod;
  }

  void rowDescription() {
    rowsDescribed = true;
  }

  void dataRow() {
    dataRows++;
  }

  /** CopyInResponse, CopyOutResponse or CopyBothResponse: which one, by its type byte. */
  void copyResponse(byte type) {
    copyResponse = type;
  }

  void notice() {
    notices++;
  }

  /** A statement completed with {@code tag}: its rows count towards this operation's. */
  void commandComplete(String tag) {
    CommandTag parsed = CommandTag.parse(tag);
    statementEnded(parsed.command());
    if (tags.size() < SUMMARY_TAGS) {
      tags.add(tag);
    } else if (tags.size() == SUMMARY_TAGS) {
      tags.add("...");
    }
    boolean rowsToClient = parsed.countsReturnedRows() || copyResponse == 'H';
    if (parsed.rows() != null) {
      if (rowsToClient) {
        returnedRows = plus(returnedRows, parsed.rows());
      } else {
        affectedRows = plus(affectedRows, parsed.rows());
      }
    }
    if (!rowsToClient && (dataRows > 0 || rowsDescribed)) {
      returnedRows = plus(returnedRows, dataRows); // INSERT ... RETURNING, SHOW, EXPLAIN
    }
    resetStatement();
  }

  void emptyQuery() {
    statementEnded(null);
    resetStatement();
  }

  /** An Execute's row limit was reached: the portal may be executed again. */
  void portalSuspended() {
    statementEnded(null);
    suspended = true;
    returnedRows = plus(returnedRows, dataRows);
    resetStatement();
  }

  void error(ErrorFields fields) {
    if (error == null) {
      error = fields;
    }
    statementEnded(null);
    resetStatement();
  }

  @Nullable ErrorFields error() {
    return error;
  }

  /** Marks this operation emitted or dropped; returns false if it already was. */
  boolean finish() {
    boolean wasOpen = !finished;
    finished = true;
    return wasOpen;
  }

  boolean isFinished() {
    return finished;
  }

  private void statementEnded(@Nullable String command) {
    statements++;
    if (command != null) {
      if (firstCommand == null) {
        firstCommand = command;
      } else if (!firstCommand.equals(command)) {
        mixedCommands = true;
      }
    }
  }

  private void resetStatement() {
    dataRows = 0;
    rowsDescribed = false;
    copyResponse = 0;
  }

  private static Long plus(@Nullable Long sum, long value) {
    return sum == null ? value : sum + value;
  }

  /** The exchange, ending at {@code endNanos}; {@code namespace} is the connection's database. */
  Exchange toExchange(Connection connection, @Nullable String namespace, long endNanos) {
    Exchange.Builder exchange = Exchange.builder(PostgresParser.PROTOCOL, connection).connectionAttributes();
    exchange
        .startNanos(startNanos)
        .endNanos(Math.max(startNanos, endNanos))
        .attribute("db.system.name", "postgresql")
        .attribute("postgresql.request.type", kind.attribute);
    String db = database != null ? database : namespace;
    if (db != null) {
      exchange.attribute("db.namespace", db);
    }
    new ExchangeAttributes(exchange).add(this);
    return exchange.summary(summary()).build();
  }

  /** Adds this operation's attributes to an exchange; split out to keep each part short. */
  private record ExchangeAttributes(Exchange.Builder exchange) {
    void add(Operation op) {
      if (op.kind == Kind.STARTUP) {
        optional("postgresql.user", op.user);
        optional("postgresql.application_name", op.applicationName);
        exchange.attribute("postgresql.auth.method", op.authMethod != null ? op.authMethod : "none");
        optional("postgresql.ssl.answer", op.securityAnswer);
      }
      if (op.kind == Kind.CANCEL && op.number >= 0) {
        exchange.attribute("postgresql.cancel.backend_pid", op.number);
      }
      if (op.kind == Kind.FUNCTION_CALL && op.number >= 0) {
        exchange.attribute("postgresql.function.oid", op.number);
      }
      optional("db.query.text", op.text);
      optional("db.operation.name", op.operationName());
      if (op.statements > 1) {
        exchange.attribute("db.operation.batch.size", op.statements);
      }
      if (!op.statementName.isEmpty()) {
        exchange.attribute("postgresql.statement.name", op.statementName);
      }
      if (!op.portalName.isEmpty()) {
        exchange.attribute("postgresql.portal.name", op.portalName);
      }
      if (op.returnedRows != null) {
        exchange.attribute("db.response.returned_rows", op.returnedRows);
      }
      if (op.affectedRows != null) {
        exchange.attribute("postgresql.affected_rows", op.affectedRows);
      }
      if (op.suspended) {
        exchange.attribute("postgresql.portal.suspended", true);
      }
      if (op.notices > 0) {
        exchange.attribute("postgresql.notices", op.notices);
      }
      ErrorFields error = op.error;
      if (error != null) {
        String state = error.sqlState() != null ? error.sqlState() : "unknown";
        exchange.attribute("db.response.status_code", state).attribute("error.type", state);
        optional("postgresql.error.severity", error.severity());
        optional("postgresql.error.message", error.message());
      }
    }

    private void optional(String name, @Nullable String value) {
      if (value != null) {
        exchange.attribute(name, value);
      }
    }
  }

  /** OpenTelemetry's rule for batches: {@code BATCH SELECT} when all agree, else {@code BATCH}. */
  private @Nullable String operationName() {
    if (statements <= 1 || firstCommand == null) {
      return firstCommand;
    }
    return mixedCommands ? "BATCH" : "BATCH " + firstCommand;
  }

  private String summary() {
    String outcome = error != null
        ? (error.severity() != null ? error.severity() : "ERROR") + " " + (error.sqlState() != null ? error.sqlState() : "")
        : suspended ? "suspended after " + returnedRows + " rows"
        : tags.isEmpty() ? "ok" : String.join(", ", tags);
    String request = switch (kind) {
      case STARTUP -> "startup user=" + user + " db=" + database
          + " auth=" + (authMethod != null ? authMethod : "none");
      case CANCEL -> "cancel backend " + number;
      case FUNCTION_CALL -> "function call " + number;
      default -> text != null ? QueryText.brief(text, SUMMARY_TEXT_CHARS)
          : statementName.isEmpty() ? "(unknown statement)" : "(statement " + statementName + ")";
    };
    return kind == Kind.CANCEL ? request : request + " -> " + outcome.strip();
  }
}
