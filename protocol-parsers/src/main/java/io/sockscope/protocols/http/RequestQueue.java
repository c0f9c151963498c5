package io.sockscope.protocols.http;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The requests of one connection waiting for their response, oldest first, and the rule that
 * says which of them a response answers. Confined to the session's thread.
 *
 * <p>HTTP/1.x answers requests in order, so a response answers the oldest waiting request; with
 * one exception. When bytes of the request direction were lost, an unknown number of requests
 * went with them, and their responses may still come. The first request read after such a gap
 * is marked; a response whose first byte came before that request's first byte cannot answer
 * it (a server does not answer what it has not received), so it answers a lost request. A
 * response that comes later answers the marked request, and the lost requests' responses are
 * taken to have been lost too.
 */
final class RequestQueue {

  private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
  private boolean requestsLostSinceLastAdd;

  /**
   * Adds a request behind the others. Returns the oldest request, removed to make room, when
   * {@link HttpLimits#MAX_PENDING_REQUESTS} were already waiting; null otherwise.
   */
  @Nullable PendingRequest add(PendingRequest request) {
    if (requestsLostSinceLastAdd) {
      request.markFollowsLostRequests();
      requestsLostSinceLastAdd = false;
    }
    PendingRequest evicted =
        waiting.size() >= HttpLimits.MAX_PENDING_REQUESTS ? waiting.pollFirst() : null;
    waiting.addLast(request);
    return evicted;
  }

  /** Bytes of the request direction were lost: requests may be missing behind those waiting. */
  void markRequestsLost() {
    requestsLostSinceLastAdd = true;
  }

  /**
   * Removes and returns the request answered by a response whose first byte came at {@code
   * responseStartNanos}; or null when it answers a lost request, or none is waiting.
   */
  @Nullable PendingRequest answer(long responseStartNanos) {
    PendingRequest oldest = waiting.peekFirst();
    if (oldest == null
        || (oldest.followsLostRequests() && responseStartNanos < oldest.startNanos())) {
      return null;
    }
    return waiting.pollFirst();
  }

  /** Removes and returns the oldest waiting request, or null when none is waiting. */
  @Nullable PendingRequest pollOldest() {
    return waiting.pollFirst();
  }

  int size() {
    return waiting.size();
  }
}
