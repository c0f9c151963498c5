package io.sockscope.protocols.http;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import org.jspecify.annotations.Nullable;

/**
 * A request whose head has been read, waiting for the response that completes it into an {@link
 * Exchange}. Its body is counted as it goes by. Confined to the session's thread.
 */
final class PendingRequest {

  private final RequestLine line;
  private final @Nullable String userAgent;
  private final long startNanos;
  private long bodyBytes;
  private boolean followsLostRequests;
  private boolean dropped;

  PendingRequest(RequestLine line, @Nullable String userAgent, long startNanos) {
    this.line = line;
    this.userAgent = userAgent;
    this.startNanos = startNanos;
  }

  String method() {
    return line.method();
  }

  /** The timestamp of the call that first offered the request's first byte. */
  long startNanos() {
    return startNanos;
  }

  void addBodyBytes(long count) {
    bodyBytes += count;
  }

  /** Whether an unknown number of requests went missing in a gap just before this one. */
  boolean followsLostRequests() {
    return followsLostRequests;
  }

  void markFollowsLostRequests() {
    followsLostRequests = true;
  }

  /** Whether this request has been counted as dropped, so it never becomes an exchange. */
  boolean isDropped() {
    return dropped;
  }

  void markDropped() {
    dropped = true;
  }

  /**
   * The exchange this request makes with its response, named after OpenTelemetry's HTTP semantic
   * conventions.
   *
   * @param endNanos when the response's last byte went by; clamped to no earlier than the start
   */
  Exchange completeWith(
      StatusLine status, long responseBodyBytes, long endNanos, Connection connection) {
    String path = line.path();
    String query = line.query();
    RequestLine request = line;
    Exchange.Builder exchange =
        Exchange.builder("http", connection)
            .startNanos(startNanos)
            .endNanos(Math.max(startNanos, endNanos))
            .summary(() -> request.method() + " " + (path == null ? request.target() : path) + " -> " + status.statusCode())
            .attribute("http.request.method", line.method())
            .attribute("http.response.status_code", status.statusCode())
            .attribute("network.protocol.version", line.version())
            .attribute("http.request.body.size", bodyBytes)
            .attribute("http.response.body.size", responseBodyBytes)
            .connectionAttributes();
    if (path != null) {
      exchange.attribute("url.path", path);
    }
    if (query != null) {
      exchange.attribute("url.query", query);
    }
    if (userAgent != null) {
      exchange.attribute("user_agent.original", userAgent);
    }
    return exchange.build();
  }
}
