package io.sockscope;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.util.Objects;

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
  private final InetSocketAddress localAddress;
  private final InetSocketAddress remoteAddress;

  public Connection(
      int pid,
      int fd,
      long generation,
      String command,
      Role role,
      InetSocketAddress localAddress,
      InetSocketAddress remoteAddress) {
    this.pid = pid;
    this.fd = fd;
    this.generation = generation;
    this.command = Objects.requireNonNull(command, "command");
    this.role = Objects.requireNonNull(role, "role");
    this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
    this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
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

  /** The traced process's end of the connection. */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** The peer's end of the connection. */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The server's end: the local address when this process is the server, else the remote. */
  public InetSocketAddress serverAddress() {
    return role == Role.SERVER ? localAddress : remoteAddress;
  }

  /** The client's end: the remote address when this process is the server, else the local. */
  public InetSocketAddress clientAddress() {
    return role == Role.SERVER ? remoteAddress : localAddress;
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
    return command + "[" + pid + "] fd " + fd + " " + role.name().toLowerCase(java.util.Locale.ROOT)
        + " " + format(localAddress) + (role == Role.SERVER ? " <- " : " -> ") + format(remoteAddress);
  }

  /** {@code 127.0.0.1:80} or {@code [::1]:80}: IPv6 in its shortest form (RFC 5952). */
  public static String format(InetSocketAddress address) {
    return address.getAddress() == null
        ? address.getHostString() + ":" + address.getPort()
        : HostAndPort.fromParts(InetAddresses.toAddrString(address.getAddress()), address.getPort()).toString();
  }
}
