package io.sockscope.protocols.http;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Connections between curl on port 51234 and nginx on port 8080, both on 127.0.0.1. */
final class LoopbackConnections {

  static final String LOOPBACK = "127.0.0.1";
  static final int SERVER_PORT = 8080;
  static final int CLIENT_PORT = 51234;

  private LoopbackConnections() {}

  /** nginx's accepted socket: requests are received. */
  static Connection server() {
    return new Connection(
        1200, 7, 1L, "nginx", Role.SERVER, Transport.TCP, address(SERVER_PORT), address(CLIENT_PORT));
  }

  /** curl's connected socket: requests are sent. */
  static Connection client() {
    return new Connection(
        3400, 5, 2L, "curl", Role.CLIENT, Transport.TCP, address(CLIENT_PORT), address(SERVER_PORT));
  }

  /** curl's socket seen first in a data call, so its role is unknown. */
  static Connection unknown() {
    return new Connection(
        3400, 5, 3L, "curl", Role.UNKNOWN, Transport.TCP, address(CLIENT_PORT), address(SERVER_PORT));
  }

  private static InetSocketAddress address(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
