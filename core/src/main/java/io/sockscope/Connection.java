package io.sockscope;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One traced socket of one process: immutable, safe to share between threads.
 *
 * <p>A connection is identified by the process id, the file descriptor and a generation (the
 * kernel time the tracer first saw that descriptor as this socket), so a descriptor number that
 * is closed and reused makes a new connection.
 */
public final class Connection {
  private final int pid;
  private final int fd;
  private final long generation;
  private final String command;
  private final Role role;
  private final Transport transport;
  private final SocketAddress localAddress;
  private final SocketAddress remoteAddress;
  private final @Nullable TlsLibrary tls;
  /** Computed on first use; threads that race compute equal ones, and either is kept. */
  private @Nullable Attributes attributes;

  /**
   * @param localAddress an {@link InetSocketAddress}, or for {@link Transport#UNIX} a
   *     {@link UnixDomainSocketAddress} (an empty path when that end is unnamed)
   * @param remoteAddress likewise; for {@link Transport#UDP} the connected peer, or the
   *     unspecified address when the socket is not connected (each datagram has its own peer)
   */
  public Connection(
      int pid,
      int fd,
      long generation,
      String command,
      Role role,
      Transport transport,
      SocketAddress localAddress,
      SocketAddress remoteAddress) {
    this(pid, fd, generation, command, role, transport, localAddress, remoteAddress, null);
  }

  private Connection(
      int pid,
      int fd,
      long generation,
      String command,
      Role role,
      Transport transport,
      SocketAddress localAddress,
      SocketAddress remoteAddress,
      @Nullable TlsLibrary tls) {
    this.pid = pid;
    this.fd = fd;
    this.generation = generation;
    this.command = Objects.requireNonNull(command, "command");
    this.role = Objects.requireNonNull(role, "role");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
    this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
    this.tls = tls;
  }

  /** This connection with a role, such as the one its bytes showed when it was {@link Role#UNKNOWN}. */
  public Connection withRole(Role role) {
    return new Connection(pid, fd, generation, command, Objects.requireNonNull(role, "role"), transport,
        localAddress, remoteAddress, tls);
  }

  /** This connection, its bytes read as plaintext from calls of a TLS library. */
  public Connection withTls(TlsLibrary library) {
    return new Connection(pid, fd, generation, command, role, transport, localAddress, remoteAddress,
        Objects.requireNonNull(library, "library"));
  }

  /**
   * The TLS library whose calls carried this connection's plaintext, which is what the parsers
   * read; empty when the parsers read the socket's own bytes.
   */
  public Optional<TlsLibrary> tls() {
    return Optional.ofNullable(tls);
  }

  /** The process id (the thread group id) that owns the socket. */
  public int pid() {
    return pid;
  }

  /** The socket's file descriptor in that process. */
  public int fd() {
    return fd;
  }

  /** When the tracer first saw this descriptor as this socket, CLOCK_MONOTONIC nanoseconds. */
  public long generation() {
    return generation;
  }

  /** The process's command name, as the kernel keeps it (at most 15 characters). */
  public String command() {
    return command;
  }

  public Role role() {
    return role;
  }

  public Transport transport() {
    return transport;
  }

  /** The traced process's end of the connection. */
  public SocketAddress localAddress() {
    return localAddress;
  }

  /** The peer's end of the connection. */
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The server's end: the local address when this process is the server, else the remote. */
  public SocketAddress serverAddress() {
    return role == Role.SERVER ? localAddress : remoteAddress;
  }

  /** The client's end: the remote address when this process is the server, else the local. */
  public SocketAddress clientAddress() {
    return role == Role.SERVER ? remoteAddress : localAddress;
  }

  /**
   * OpenTelemetry's attributes of this connection, as {@link Exchange.Builder#connectionAttributes}
   * adds them to each exchange: made once per connection rather than once per exchange.
   */
  Attributes attributes() {
    Attributes computed = attributes;
    if (computed == null) {
      computed = Attributes.of(this);
      attributes = computed;
    }
    return computed;
  }

  /**
   * {@code network.transport}, {@code server.address}, {@code server.port}, {@code
   * client.address}, {@code client.port} (ports only for IP transports), names and values in the
   * same order. Neither array is changed once made.
   */
  record Attributes(String[] names, Object[] values) {
    static Attributes of(Connection connection) {
      String[] names = new String[5];
      Object[] values = new Object[5];
      names[0] = "network.transport";
      values[0] = connection.transport().otelName();
      int count = 1;
      count = add("server.address", "server.port", connection.serverAddress(), names, values, count);
      count = add("client.address", "client.port", connection.clientAddress(), names, values, count);
      return new Attributes(Arrays.copyOf(names, count), Arrays.copyOf(values, count));
    }

    private static int add(
        String addressName, String portName, SocketAddress address, String[] names, Object[] values, int count) {
      names[count] = addressName;
      values[count] = host(address);
      int port = port(address);
      if (port < 0) {
        return count + 1;
      }
      names[count + 1] = portName;
      values[count + 1] = (long) port;
      return count + 2;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Connection
        && ((Connection) o).pid == pid
        && ((Connection) o).fd == fd
        && ((Connection) o).generation == generation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(pid, fd, generation);
  }

  @Override
  public String toString() {
    return command + "[" + pid + "] fd " + fd + " " + transport.otelName() + " "
        + role.name().toLowerCase(java.util.Locale.ROOT) + " " + format(localAddress)
        + (role == Role.SERVER ? " <- " : " -> ") + format(remoteAddress)
        + (tls == null ? "" : " tls(" + tls.kind().shortName() + ")");
  }

  /**
   * {@code 127.0.0.1:80}, {@code [::1]:80} (IPv6 in its shortest form, RFC 5952), or a Unix
   * socket's path ({@code @name} for an abstract one, {@code unnamed} when it has none).
   */
  public static String format(SocketAddress address) {
    if (address instanceof InetSocketAddress) {
      InetSocketAddress inet = (InetSocketAddress) address;
      return HostAndPort.fromParts(host(inet), inet.getPort()).toString();
    }
    String path = host(address);
    return path.isEmpty() ? "unnamed" : path;
  }

  /**
   * The address without its port, as OpenTelemetry's {@code server.address} wants it: an IP
   * address in its shortest form, or a Unix socket's path (empty when unnamed).
   */
  public static String host(SocketAddress address) {
    if (address instanceof InetSocketAddress) {
      InetSocketAddress inet = (InetSocketAddress) address;
      return inet.getAddress() == null ? inet.getHostString() : InetAddresses.toAddrString(inet.getAddress());
    }
    if (address instanceof UnixDomainSocketAddress) {
      return ((UnixDomainSocketAddress) address).getPath().toString();
    }
    return address.toString();
  }

  /** The port of an IP address; -1 for a Unix socket. */
  public static int port(SocketAddress address) {
    return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getPort() : -1;
  }
}
