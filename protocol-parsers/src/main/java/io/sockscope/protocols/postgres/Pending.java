package io.sockscope.protocols.postgres;

import org.jspecify.annotations.Nullable;

/**
 * A client message waiting for the server's answer to it, and the operation that answer belongs
 * to (none for Close and Sync, whose answers report nothing). The server answers messages in the
 * order it received them, so these wait in a queue.
 *
 * @param expects what the answer is
 * @param operation the exchange in the making that the answer completes or adds to
 * @param startNanos when the client message's first byte was offered: an answer cannot start
 *     before it
 */
record Pending(Expects expects, @Nullable Operation operation, long startNanos) {

  /** The answer a client message gets. */
  enum Expects {
    /** StartupMessage: authentication requests, ParameterStatus, BackendKeyData, ReadyForQuery. */
    STARTUP,
    /** Query or FunctionCall: results, then ReadyForQuery. */
    READY,
    /** Parse: ParseComplete. */
    PARSE_COMPLETE,
    /** Bind: BindComplete. */
    BIND_COMPLETE,
    /** Describe of a statement: ParameterDescription, then RowDescription or NoData. */
    STATEMENT_DESCRIPTION,
    /** Describe of a portal: RowDescription or NoData. */
    PORTAL_DESCRIPTION,
    /** Execute: rows, then CommandComplete, EmptyQueryResponse or PortalSuspended. */
    EXECUTION,
    /** Close: CloseComplete. */
    CLOSE_COMPLETE,
    /** Sync: ReadyForQuery. */
    SYNC
  }

  /** Whether this message's operation becomes an exchange when it is answered. */
  boolean completesAnExchange() {
    return operation != null && switch (expects) {
      case STARTUP, READY, EXECUTION -> true;
      default -> false;
    };
  }
}
