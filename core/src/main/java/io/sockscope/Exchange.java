package io.sockscope;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request and its response, as one traced process saw them on one connection. Immutable,
 * safe to share between threads.
 *
 * <p>Attributes are named after OpenTelemetry's semantic conventions
 * ({@code http.request.method}, {@code url.path}, {@code http.response.status_code},
 * {@code db.system.name}, ...), so they can be exported without a mapping table. Values are
 * {@link String}, {@link Long} or {@link Boolean}.
 */
public final class Exchange {
  private static final long WALL_CLOCK_OFFSET_NANOS =
      System.currentTimeMillis() * 1_000_000L - System.nanoTime();

  private final String protocol;
  private final Connection connection;
  private final long startNanos;
  private final long endNanos;
  private final String summary;
  private final Map<String, Object> attributes;

  private Exchange(Builder builder) {
    this.protocol = builder.protocol;
    this.connection = builder.connection;
    this.startNanos = builder.startNanos;
    this.endNanos = builder.endNanos;
    this.summary = builder.summary;
    this.attributes = builder.attributes.build();
  }

  /** Starts an exchange; for parsers, which get the connection from their session context. */
  public static Builder builder(String protocol, Connection connection) {
    return new Builder(protocol, connection);
  }

  /** The protocol's short name, as its parser calls it ({@code "http"}, ...). */
  public String protocol() {
    return protocol;
  }

  public Connection connection() {
    return connection;
  }

  /** When the first byte of the request was transferred, CLOCK_MONOTONIC nanoseconds. */
  public long startNanos() {
    return startNanos;
  }

  /** When the last byte of the response was transferred, CLOCK_MONOTONIC nanoseconds. */
  public long endNanos() {
    return endNanos;
  }

  /** The wall-clock time of {@link #startNanos()}. */
  public Instant startTime() {
    long nanos = startNanos + WALL_CLOCK_OFFSET_NANOS;
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** From the request's first byte to the response's last, as the traced process saw them. */
  public Duration latency() {
    return Duration.ofNanos(endNanos - startNanos);
  }

  /** One line a person reads, such as {@code GET /index.html -> 200}. */
  public String summary() {
    return summary;
  }

  /**
   * The attributes, in the order their names were first added; unmodifiable. A name added twice
   * has the value added last.
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  public @Nullable Object attribute(String name) {
    return attributes.get(name);
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT, "%s %s %s %.3f ms", protocol, connection, summary, latency().toNanos() / 1e6);
  }

  /**
   * Builds an {@link Exchange}; confined to the thread that uses it. An attribute added again
   * replaces the value added before.
   */
  public static final class Builder {
    private final String protocol;
    private final Connection connection;
    private final ExchangeAttributes.Builder attributes = new ExchangeAttributes.Builder();
    private long startNanos;
    private long endNanos;
    private String summary = "";

    private Builder(String protocol, Connection connection) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    public Builder startNanos(long startNanos) {
      this.startNanos = startNanos;
      return this;
    }

    public Builder endNanos(long endNanos) {
      this.endNanos = endNanos;
      return this;
    }

    /**
     * Adds OpenTelemetry's connection attributes: {@code network.transport},
     * {@code server.address}, {@code server.port}, {@code client.address}, {@code client.port}
     * (ports only for IP transports).
     */
    public Builder connectionAttributes() {
      Connection.Attributes connectionAttributes = connection.attributes();
      for (int i = 0; i < connectionAttributes.names().length; i++) {
        attributes.put(connectionAttributes.names()[i], connectionAttributes.values()[i]);
      }
      return this;
    }

    public Builder summary(String summary) {
      this.summary = Objects.requireNonNull(summary, "summary");
      return this;
    }

    public Builder attribute(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    public Builder attribute(String name, long value) {
      attributes.put(name, value);
      return this;
    }

    public Builder attribute(String name, boolean value) {
      attributes.put(name, value);
      return this;
    }

    public Exchange build() {
      if (endNanos < startNanos) {
        throw new IllegalStateException("exchange ends (" + endNanos + ") before it starts (" + startNanos + ")");
      }
      return new Exchange(this);
    }
  }
}
