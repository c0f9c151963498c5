package io.sockscope.protocols.testing;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

/** Connections on loopback as the tracer reports them, for parser tests. */
public final class TestConnections {
  private TestConnections() {}

  /** 127.0.0.1 and a port. */
  public static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /**
   * A TCP socket on 127.0.0.1 of a process called {@code command}: the server's accepted socket
   * ({@link Role#SERVER}: local is the server port), the client's connected socket, or one first
   * seen in a data call ({@link Role#UNKNOWN}; local is the client port).
   */
  public static Connection tcp(Role role, String command, int serverPort, int clientPort) {
    boolean server = role == Role.SERVER;
    return new Connection(server ? 1200 : 3400, server ? 7 : 5, 1L, command, role, Transport.TCP,
        loopback(server ? serverPort : clientPort), loopback(server ? clientPort : serverPort));
  }

  /**
   * A UDP socket on 127.0.0.1: a server's socket bound to {@code localPort} and not connected
   * (each datagram has its own peer), or a client's socket connected to {@code remotePort}.
   */
  public static Connection udp(Role role, String command, int localPort, int remotePort) {
    InetSocketAddress remote = role == Role.SERVER ? new InetSocketAddress("0.0.0.0", 0) : loopback(remotePort);
    return new Connection(role == Role.SERVER ? 1300 : 3500, 6, 1L, command, role, Transport.UDP,
        loopback(localPort), remote);
  }

  /** A Unix stream socket: the server's accepted end is unnamed on the client side. */
  public static Connection unix(Role role, String command, String path) {
    UnixDomainSocketAddress named = UnixDomainSocketAddress.of(path);
    UnixDomainSocketAddress unnamed = UnixDomainSocketAddress.of("");
    return new Connection(role == Role.SERVER ? 1400 : 3600, 8, 1L, command, role, Transport.UNIX,
        role == Role.SERVER ? named : unnamed, role == Role.SERVER ? unnamed : named);
  }
}
