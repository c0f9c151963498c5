package io.sockscope.protocols.postgres;

import io.sockscope.protocols.postgres.Pending.Expects;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Applies the server's messages to the oldest waiting client message: authentication requests to
 * the startup, rows and command tags to a Query's or an Execute's operation, errors to whatever
 * failed; emits each exchange when its answer is complete (ReadyForQuery for a startup, a Query or
 * a function call; CommandComplete, EmptyQueryResponse, PortalSuspended or ErrorResponse for an
 * Execute). Confined to the session's thread.
 *
 * <p>NoticeResponse is counted on the operation in progress; ParameterStatus, BackendKeyData (its
 * secret key never read), NotificationResponse and NegotiateProtocolVersion are passed over.
 */
final class ServerMessages {

  /** What the server's messages ask of the session. */
  interface Session {
    void fail(String reason);
  }

  private final ExchangeQueue queue;
  private final Session session;

  ServerMessages(ExchangeQueue queue, Session session) {
    this.queue = queue;
    this.session = session;
  }

  void onMessage(byte type, ByteBuffer body, boolean damaged, long firstNanos, long lastNanos) {
    if (type == 'S' || type == 'K' || type == 'A' || type == 'v') {
      return;
    }
    Pending oldest = queue.answerable(firstNanos);
    if (oldest == null) {
      return; // an answer to something not seen
    }
    Operation operation = oldest.operation();
    if (type == 'N') {
      if (operation != null) {
        operation.notice();
      }
      return;
    }
    if (damaged && !MessageType.isContentFree(type) && operation != null) {
      queue.drop(operation, "response cut by a gap");
    }
    boolean expected = switch (oldest.expects()) {
      case STARTUP -> startup(requireOperation(operation), type, body, lastNanos);
      case READY -> ready(requireOperation(operation), type, body, lastNanos);
      case EXECUTION -> execution(requireOperation(operation), type, body, lastNanos);
      case PARSE_COMPLETE -> completes(type, '1', operation, body, lastNanos);
      case BIND_COMPLETE -> completes(type, '2', operation, body, lastNanos);
      case CLOSE_COMPLETE -> completes(type, '3', operation, body, lastNanos);
      case STATEMENT_DESCRIPTION -> type == 't' || completesDescription(type, operation, body, lastNanos);
      case PORTAL_DESCRIPTION -> completesDescription(type, operation, body, lastNanos);
      case SYNC -> sync(type);
    };
    if (!expected) {
      session.fail("server message out of step with the client's");
    }
  }

  private boolean startup(Operation startup, byte type, ByteBuffer body, long lastNanos) {
    switch (type) {
      case 'R' -> {
        String method = body.limit() >= 4 ? authMethod(Wire.int32(body, 0)) : null;
        if (method != null) {
          startup.authMethod(method);
        }
      }
      case 'E' -> {
        startup.error(ErrorFields.parse(body));
        finish(startup, lastNanos);
      }
      case 'Z' -> finish(startup, lastNanos);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The method an authentication request asks for; null for AuthenticationOk and continuations. */
  private static @Nullable String authMethod(int code) {
    return switch (code) {
      case 2 -> "kerberos";
      case 3 -> "cleartext";
      case 5 -> "md5";
      case 7 -> "gss";
      case 9 -> "sspi";
      case 10 -> "sasl"; // the client's SASLInitialResponse names the mechanism
      default -> null;
    };
  }

  /** A Query's or a FunctionCall's answer: results of each statement, then ReadyForQuery. */
  private boolean ready(Operation operation, byte type, ByteBuffer body, long lastNanos) {
    switch (type) {
      case 'C' -> operation.commandComplete(tag(body));
      case 'I' -> operation.emptyQuery();
      case 'V' -> { }
      case 'E' -> {
        ErrorFields error = ErrorFields.parse(body);
        operation.error(error);
        if (error.endsSession()) {
          finish(operation, lastNanos);
        }
      }
      case 'Z' -> finish(operation, lastNanos);
      default -> {
        return rows(operation, type);
      }
    }
    return true;
  }

  /** An Execute's answer: rows, then how it ended. */
  private boolean execution(Operation operation, byte type, ByteBuffer body, long lastNanos) {
    switch (type) {
      case 'C' -> operation.commandComplete(tag(body));
      case 'I' -> operation.emptyQuery();
      case 's' -> operation.portalSuspended();
      case 'E' -> {
        failed(operation, body, lastNanos);
        return true;
      }
      default -> {
        return rows(operation, type);
      }
    }
    finish(operation, lastNanos);
    return true;
  }

  /** What may come in the middle of a statement's results. */
  private static boolean rows(Operation operation, byte type) {
    switch (type) {
      case 'T' -> operation.rowDescription();
      case 'D' -> operation.dataRow();
      case 'G', 'H', 'W' -> operation.copyResponse(type);
      case 'd', 'c' -> { }
      default -> {
        return false;
      }
    }
    return true;
  }

  private boolean completes(byte type, char answer, @Nullable Operation run, ByteBuffer body, long lastNanos) {
    if (type == answer) {
      queue.answered();
      return true;
    }
    if (type == 'E') {
      failed(run, body, lastNanos);
      return true;
    }
    return false;
  }

  private boolean completesDescription(byte type, @Nullable Operation run, ByteBuffer body, long lastNanos) {
    return completes(type, type == 'n' ? 'n' : 'T', run, body, lastNanos);
  }

  private boolean sync(byte type) {
    if (type == 'Z') {
      queue.answered();
      return true;
    }
    return type == 'E'; // the implicit commit at Sync failed: the statements were reported already
  }

  /** An error in the extended protocol: the run fails, and the server skips to the next Sync. */
  private void failed(@Nullable Operation run, ByteBuffer body, long lastNanos) {
    if (run != null) {
      run.error(ErrorFields.parse(body));
      queue.emit(run, lastNanos);
    }
    queue.answered();
    queue.skipToSync();
  }

  private void finish(Operation operation, long lastNanos) {
    queue.emit(operation, lastNanos);
    queue.answered();
  }

  private static String tag(ByteBuffer body) {
    int end = Wire.nul(body, 0, body.limit());
    return Wire.utf8(body, 0, end < 0 ? body.limit() : end);
  }

  private static Operation requireOperation(@Nullable Operation operation) {
    if (operation == null) {
      throw new IllegalStateException("a startup, query or execution always has an operation");
    }
    return operation;
  }
}
