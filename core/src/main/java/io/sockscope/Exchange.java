package io.sockscope;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
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
  /** The summary's text once made; written by whichever thread asks first (each makes the same). */
  private @Nullable String summary;
  private final @Nullable Supplier<String> summaryText;
  private final Map<String, Object> attributes;

  private Exchange(Builder builder) {
    this.protocol = builder.protocol;
    this.connection = builder.connection;
    this.startNanos = builder.startNanos;
    this.endNanos = builder.endNanos;
    this.summary = builder.summary;
    this.summaryText = builder.summaryText;
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

  /**
   * One line a person reads, such as {@code GET /index.html -> 200}. Made the first time it is
   * asked for, when the parser gave it as a {@link Builder#summary(Supplier)}: a program that
   * only counts exchanges or reads their attributes never pays for the text.
   */
  public String summary() {
    String text = summary;
    if (text == null) {
      // A race makes the same immutable String twice at worst, as String.hashCode does.
      text = Objects.requireNonNull(Objects.requireNonNull(summaryText).get(), "summary");
      summary = text;
    }
    return text;
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
        java.util.Locale.ROOT, "%s %s %s %.3f ms", protocol, connection, summary(), latency().toNanos() / 1e6);
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
    private @Nullable String summary = "";
    private @Nullable Supplier<String> summaryText;

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
      this.summaryText = null;
      return this;
    }

    /**
     * The summary, made only if somebody asks for it ({@link Exchange#summary()}), on the thread
     * that asks and perhaps more than once. {@code text} must read only values that do not
     * change after {@link #build()}; it is kept as long as the exchange.
     */
    public Builder summary(Supplier<String> text) {
      this.summaryText = Objects.requireNonNull(text, "summary");
      this.summary = null;
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
