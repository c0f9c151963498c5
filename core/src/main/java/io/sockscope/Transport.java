package io.sockscope;

import java.util.Locale;

/** The kind of socket a connection is, named as OpenTelemetry's {@code network.transport}. */
public enum Transport {
  /** TCP over IPv4 or IPv6: a byte stream. */
  TCP,
  /** UDP over IPv4 or IPv6: datagrams, each with its peer. */
  UDP,
  /** A Unix domain stream socket, addressed by path. */
  UNIX;

  private final String otelName = name().toLowerCase(Locale.ROOT);

  /** {@code "tcp"}, {@code "udp"} or {@code "unix"}. */
  public String otelName() {
    return otelName;
  }
}
