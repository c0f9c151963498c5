package io.sockscope.protocols.http;

import org.jspecify.annotations.Nullable;

/**
 * A response whose head has been read and whose body is going by: its status, the request it
 * answers, and its body size so far. Confined to the session's thread.
 */
final class ResponseInFlight {

  private final StatusLine status;
  private final boolean interim;
  private final @Nullable PendingRequest answered;
  private long bodyBytes;

  /**
   * @param interim whether this is a 1xx response that another response to the same request follows
   * @param answered the request a final response answers, or null when it answers a lost or unseen
   *     request, or is interim
   */
  ResponseInFlight(StatusLine status, boolean interim, @Nullable PendingRequest answered) {
    this.status = status;
    this.interim = interim;
    this.answered = answered;
  }

  StatusLine status() {
    return status;
  }

  boolean isInterim() {
    return interim;
  }

  @Nullable PendingRequest answered() {
    return answered;
  }

  void addBodyBytes(long count) {
    bodyBytes += count;
  }

  long bodyBytes() {
    return bodyBytes;
  }
}
