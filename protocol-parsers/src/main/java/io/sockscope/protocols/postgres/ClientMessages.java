package io.sockscope.protocols.postgres;

import io.sockscope.protocols.postgres.Pending.Expects;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns the client's messages into waiting messages and operations: the startup packets, Query,
 * the extended protocol's Parse/Bind/Describe/Execute/Close/Sync, FunctionCall. Confined to the
 * session's thread.
 *
 * <p>Password, SASL and GSSAPI messages are never decoded, except for the name of the SASL
 * mechanism the client picks. Bind's parameter values are never decoded either.
 *
 * <p>An extended-protocol run is the messages from the first after an Execute or Sync up to the
 * next Execute: its Parse, Bind and Describe messages and the Execute share one operation, which
 * starts with the run's first byte and becomes the Execute's exchange. A run without an Execute
 * (a Parse followed by Sync, to prepare a statement) becomes an exchange only if it fails.
 */
final class ClientMessages {

  /** What the client's messages ask of the session. */
  interface Session {
    /** An SSLRequest or GSSENCRequest: the server answers with one byte. */
    void expectSecurityAnswer();

    /** The startup is done: every later client message has a type byte. */
    void startupSent();

    void fail(String reason);
  }

  private static final int MAX_MECHANISM_BYTES = 32;

  private final ExchangeQueue queue;
  private final Session session;
  private final PreparedStatements prepared = new PreparedStatements();
  private @Nullable Operation openRun;
  private @Nullable String securityAnswer;

  ClientMessages(ExchangeQueue queue, Session session) {
    this.queue = queue;
    this.session = session;
  }

  /** The server answered an SSLRequest or GSSENCRequest with N: the plain startup follows. */
  void securityRefused(byte answer) {
    securityAnswer = String.valueOf((char) answer);
  }

  /** Client bytes were lost with their framing: the run being assembled is gone. */
  void framingLost() {
    openRun = null;
  }

  void onMessage(byte type, ByteBuffer body, boolean damaged, long firstNanos, long lastNanos) {
    if (queue.ignoringUntilSync() && type != 'S') {
      return;
    }
    boolean unreadable = damaged && type != 'd' && type != 'p';
    switch (type) {
      case 0 -> untyped(body, firstNanos, lastNanos);
      case 'Q' -> {
        Operation query = Operation.query(firstNanos, unreadable ? null : QueryText.of(body, 0, textEnd(body, 0)));
        awaitAnswer(Expects.READY, query, firstNanos, unreadable);
      }
      case 'P' -> parse(body, firstNanos, unreadable);
      case 'B' -> bind(body, firstNanos, unreadable);
      case 'D' -> {
        Expects expects = body.limit() > 0 && body.get(0) == 'S' ? Expects.STATEMENT_DESCRIPTION : Expects.PORTAL_DESCRIPTION;
        awaitAnswer(expects, run(firstNanos), firstNanos, unreadable);
      }
      case 'E' -> execute(body, firstNanos, unreadable);
      case 'C' -> close(body, firstNanos, unreadable);
      case 'S' -> {
        openRun = null;
        queue.syncSent();
        awaitAnswer(Expects.SYNC, null, firstNanos, false);
      }
      case 'F' -> {
        long oid = body.limit() >= 4 ? Wire.int32(body, 0) & 0xffffffffL : -1;
        awaitAnswer(Expects.READY, Operation.withNumber(Operation.Kind.FUNCTION_CALL, firstNanos, oid), firstNanos, unreadable);
      }
      case 'p' -> saslMechanism(body);
      case 'H', 'X', 'd', 'c', 'f' -> { }
      default -> session.fail("not a client message type");
    }
  }

  private void untyped(ByteBuffer body, long firstNanos, long lastNanos) {
    int code = Wire.int32(body, 0);
    if (code == MessageStarts.SSL_REQUEST_CODE || code == MessageStarts.GSSENC_REQUEST_CODE) {
      session.expectSecurityAnswer();
    } else if (code == MessageStarts.CANCEL_REQUEST_CODE) {
      long pid = body.limit() >= 8 ? Wire.int32(body, 4) : -1; // the secret key that follows is never read
      queue.emit(Operation.withNumber(Operation.Kind.CANCEL, firstNanos, pid), lastNanos);
    } else if (code >>> 16 == MessageStarts.PROTOCOL_MAJOR_3) {
      startup(body, firstNanos);
    } else {
      session.fail("unsupported protocol version");
    }
  }

  /** StartupMessage: {@code name NUL value NUL} pairs after the version, then a NUL. */
  private void startup(ByteBuffer body, long firstNanos) {
    String user = null;
    String database = null;
    String application = null;
    int at = 4;
    int limit = body.limit();
    while (at < limit && body.get(at) != 0) {
      int nameEnd = Wire.nul(body, at, limit);
      int valueEnd = nameEnd < 0 ? -1 : Wire.nul(body, nameEnd + 1, limit);
      if (valueEnd < 0) {
        break;
      }
      String name = Wire.utf8(body, at, nameEnd);
      String value = Wire.utf8(body, nameEnd + 1, Math.min(valueEnd, nameEnd + 1 + PostgresLimits.MAX_NAME_CHARS));
      switch (name) {
        case "user" -> user = value;
        case "database" -> database = value;
        case "application_name" -> application = value;
        default -> { }
      }
      at = valueEnd + 1;
    }
    if (database == null) {
      database = user; // the server's default
    }
    queue.namespace(database);
    session.startupSent();
    awaitAnswer(Expects.STARTUP, Operation.startup(firstNanos, user, database, application, securityAnswer), firstNanos, false);
  }

  private void parse(ByteBuffer body, long firstNanos, boolean unreadable) {
    Operation run = run(firstNanos);
    if (!unreadable) {
      int nameEnd = Wire.nul(body, 0, body.limit());
      String name = nameEnd < 0 ? "" : Wire.utf8(body, 0, nameEnd);
      String text = nameEnd < 0 ? null : QueryText.of(body, nameEnd + 1, textEnd(body, nameEnd + 1));
      prepared.parsed(name, text);
      run.parsed(name, text);
    }
    awaitAnswer(Expects.PARSE_COMPLETE, run, firstNanos, unreadable);
  }

  /** Bind: portal name, statement name, then parameters, which are never read. */
  private void bind(ByteBuffer body, long firstNanos, boolean unreadable) {
    Operation run = run(firstNanos);
    if (!unreadable) {
      int portalEnd = Wire.nul(body, 0, body.limit());
      int statementEnd = portalEnd < 0 ? -1 : Wire.nul(body, portalEnd + 1, body.limit());
      if (statementEnd >= 0) {
        run.runs(prepared.bound(Wire.utf8(body, 0, portalEnd), Wire.utf8(body, portalEnd + 1, statementEnd)));
      }
    }
    awaitAnswer(Expects.BIND_COMPLETE, run, firstNanos, unreadable);
  }

  private void execute(ByteBuffer body, long firstNanos, boolean unreadable) {
    Operation run = run(firstNanos);
    openRun = null;
    int portalEnd = Wire.nul(body, 0, body.limit());
    if (!unreadable && portalEnd >= 0) {
      String portal = Wire.utf8(body, 0, portalEnd);
      run.executes(portal, prepared.portal(portal));
    }
    awaitAnswer(Expects.EXECUTION, run, firstNanos, unreadable);
  }

  /** Close: {@code S} or {@code P} and a name, forgotten from then on. */
  private void close(ByteBuffer body, long firstNanos, boolean unreadable) {
    int nameEnd = body.limit() > 0 ? Wire.nul(body, 1, body.limit()) : -1;
    if (!unreadable && nameEnd >= 0) {
      String name = Wire.utf8(body, 1, nameEnd);
      if (body.get(0) == 'S') {
        prepared.closedStatement(name);
      } else {
        prepared.closedPortal(name);
      }
    }
    awaitAnswer(Expects.CLOSE_COMPLETE, null, firstNanos, false);
  }

  /** SASLInitialResponse: the mechanism's name, and data that is never read. */
  private void saslMechanism(ByteBuffer body) {
    Operation startup = queue.startupInProgress();
    if (startup != null && "sasl".equals(startup.authMethod())) {
      String mechanism = Wire.cstring(body, 0, body.limit(), MAX_MECHANISM_BYTES);
      if (mechanism != null && !mechanism.isEmpty()) {
        startup.authMethod(mechanism.toLowerCase(Locale.ROOT));
      }
    }
  }

  private Operation run(long firstNanos) {
    if (openRun == null) {
      openRun = new Operation(Operation.Kind.EXECUTE, firstNanos);
    }
    return openRun;
  }

  private void awaitAnswer(Expects expects, @Nullable Operation operation, long firstNanos, boolean unreadable) {
    if (unreadable && operation != null) {
      queue.drop(operation, "request cut by a gap");
    }
    if (!queue.add(expects, operation, firstNanos)) {
      session.fail("more than " + PostgresLimits.MAX_PENDING_MESSAGES + " messages waiting for a response");
    }
  }

  /** Where a NUL-terminated text that starts at {@code from} ends: its NUL, or the end of what was kept. */
  private static int textEnd(ByteBuffer body, int from) {
    int end = Wire.nul(body, from, body.limit());
    return end < 0 ? body.limit() : end;
  }
}
