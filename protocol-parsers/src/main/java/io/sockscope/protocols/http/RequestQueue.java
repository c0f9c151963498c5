package io.sockscope.protocols.http;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The requests of one connection waiting for their response, oldest first, and the rule that says
 * which of them a response answers. Confined to the session's thread.
 *
 * <p>HTTP/1.x answers requests in order, so a response answers the oldest waiting request; with one
 * exception. When bytes of the request direction were lost, an unknown number of requests went with
 * them, and their responses may still come. The first request read after such a gap is marked; a
 * response whose first byte came before that request's first byte cannot answer it (a server does
 * not answer what it has not received), so it answers a lost request. A response that comes later
 * answers the marked request, and the lost requests' responses are taken to have been lost too.
 *
 * <p>Beyond {@link HttpLimits#MAX_PENDING_REQUESTS} the oldest request is forgotten. Its response
 * still comes first; it is paired with a stand-in that is already dropped, so the requests behind
 * keep their own responses.
 */
final class RequestQueue {

  /** Small at first: a connection seldom has more than one or two requests waiting. */
  private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>(2);
  private @Nullable PendingRequest forgotten;
  private long answersOwedToForgottenRequests;
  private boolean requestsLostSinceLastAdd;

  /**
   * Adds a request behind the others. Returns the oldest request, forgotten to make room, when
   * {@link HttpLimits#MAX_PENDING_REQUESTS} were already waiting; null otherwise.
   */
  @Nullable PendingRequest add(PendingRequest request) {
    if (requestsLostSinceLastAdd) {
      request.markFollowsLostRequests();
      requestsLostSinceLastAdd = false;
    }
    PendingRequest evicted = null;
    if (waiting.size() >= HttpLimits.MAX_PENDING_REQUESTS) {
      evicted = waiting.pollFirst();
      answersOwedToForgottenRequests++;
    }
    waiting.addLast(request);
    return evicted;
  }

  /** Bytes of the request direction were lost: requests may be missing behind those waiting. */
  void markRequestsLost() {
    requestsLostSinceLastAdd = true;
  }

  /**
   * Removes and returns the request answered by a response whose first byte came at {@code
   * responseStartNanos}; a request marked dropped when it answers a forgotten one; or null when it
   * answers a lost request, or none is waiting.
   */
  @Nullable PendingRequest answer(long responseStartNanos) {
    if (answersOwedToForgottenRequests > 0) {
      answersOwedToForgottenRequests--;
      if (forgotten == null) {
        forgotten = forgottenRequest();
      }
      return forgotten;
    }
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

  /** Stands in for the requests forgotten beyond the limit: dropped, so never an exchange. */
  private static PendingRequest forgottenRequest() {
    PendingRequest request = new PendingRequest(new RequestLine("GET", "/", "1.1"), null, 0);
    request.markDropped();
    return request;
  }
}
