package io.sockscope;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A TLS library file whose plaintext functions the tracer probes: a shared library such as
 * {@code libssl.so.3}, or an executable with the library linked in (node). Immutable.
 */
public final class TlsLibrary {
  /** Which library's functions are probed. */
  public enum Kind {
    /** OpenSSL 1.1 and 3.x, and libraries with its API (BoringSSL): SSL_write, SSL_read, their _ex forms. */
    OPENSSL,
    /** GnuTLS: gnutls_record_send, gnutls_record_recv. */
    GNUTLS;

    /** {@code openssl}, {@code gnutls}. */
    public String shortName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final String path;
  private final @Nullable Duration attachDelay;

  /**
   * @param path the file as the tracer opened it ({@code /proc/<pid>/root/...} for a process in
   *     another mount namespace)
   * @param attachDelay from the exec of the process that revealed the file to its probes being
   *     attached; null for files found when the tracer started
   */
  public TlsLibrary(Kind kind, String path, @Nullable Duration attachDelay) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.path = Objects.requireNonNull(path, "path");
    this.attachDelay = attachDelay;
  }

  public Kind kind() {
    return kind;
  }

  public String path() {
    return path;
  }

  /**
   * For a file first seen in a process started after the tracer: the time from that process's
   * exec to the probes being attached. Empty for files found at start.
   */
  public Optional<Duration> attachDelay() {
    return Optional.ofNullable(attachDelay);
  }

  /** {@code openssl /usr/lib/x86_64-linux-gnu/libssl.so.3}. */
  @Override
  public String toString() {
    return kind.shortName() + " " + path;
  }
}
