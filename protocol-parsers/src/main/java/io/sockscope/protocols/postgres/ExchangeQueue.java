package io.sockscope.protocols.postgres;

import io.sockscope.spi.SessionContext;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The client messages of one connection waiting for their answers, oldest first, and the one place
 * that turns operations into exchanges or counts them dropped, each once. Confined to the session's
 * thread.
 *
 * <p>An answer cannot begin before the message it answers: on either end of a connection the
 * request's bytes move first. A server message that begins before the oldest waiting message is an
 * answer to something not seen (bytes before the tracer started, or lost in a gap) and is ignored.
 *
 * <p>After an error in the extended protocol the server ignores every message until the next
 * Sync: the messages waiting before it are forgotten, and, when the Sync has not arrived yet, the
 * client messages that come before it are not queued at all.
 */
final class ExchangeQueue {

  private final SessionContext context;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private @Nullable String namespace;
  private boolean ignoringUntilSync;

  ExchangeQueue(SessionContext context) {
    this.context = context;
  }

  /** The database the client connected to, reported as {@code db.namespace}. */
  void namespace(@Nullable String database) {
    this.namespace = database;
  }

  /** Queues a message; false when {@link PostgresLimits#MAX_PENDING_MESSAGES} already wait. */
  boolean add(Pending.Expects expects, @Nullable Operation operation, long startNanos) {
    if (waiting.size() >= PostgresLimits.MAX_PENDING_MESSAGES) {
      return false;
    }
    waiting.addLast(new Pending(expects, operation, startNanos));
    return true;
  }

  /** The oldest waiting message if a server message that began at {@code answerNanos} can answer it. */
  @Nullable Pending answerable(long answerNanos) {
    Pending oldest = waiting.peekFirst();
    return oldest == null || oldest.startNanos() > answerNanos ? null : oldest;
  }

  /** The startup waiting for its end, if that is the oldest message. */
  @Nullable Operation startupInProgress() {
    Pending oldest = waiting.peekFirst();
    return oldest != null && oldest.expects() == Pending.Expects.STARTUP ? oldest.operation() : null;
  }

  void answered() {
    waiting.pollFirst();
  }

  /** An error in the extended protocol: the server skips to the next Sync. */
  void skipToSync() {
    while (!waiting.isEmpty() && waiting.peekFirst().expects() != Pending.Expects.SYNC) {
      waiting.pollFirst();
    }
    ignoringUntilSync = waiting.isEmpty();
  }

  /** Whether the server ignores client messages now, until a Sync. */
  boolean ignoringUntilSync() {
    return ignoringUntilSync;
  }

  void syncSent() {
    ignoringUntilSync = false;
  }

  /** Emits {@code operation}'s exchange ending at {@code endNanos}, unless it was already emitted or dropped. */
  void emit(Operation operation, long endNanos) {
    if (operation.finish()) {
      context.emit(operation.toExchange(context.connection(), namespace, endNanos));
    }
  }

  /** Counts {@code operation} dropped, unless it was already emitted or dropped. */
  void drop(Operation operation, String reason) {
    if (operation.finish()) {
      context.dropped(reason);
    }
  }

  /** Answers were lost: every waiting exchange is dropped, and nothing waits any more. */
  void answersLost() {
    dropAll("response lost in a gap");
  }

  /** The connection closed: the exchanges still waiting never complete. */
  void closed() {
    Operation startup = startupInProgress();
    if (startup != null) {
      drop(startup, "connection closed during startup");
    }
    dropAll("no response before close");
  }

  private void dropAll(String reason) {
    for (Pending pending = waiting.pollFirst(); pending != null; pending = waiting.pollFirst()) {
      if (pending.completesAnExchange()) {
        drop(pending.operation(), reason);
      }
    }
  }
}
