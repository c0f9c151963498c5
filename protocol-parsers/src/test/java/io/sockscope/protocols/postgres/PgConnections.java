package io.sockscope.protocols.postgres;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.Transport;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.spi.Direction;
import io.sockscope.protocols.testing.TestConnections;

/** The connections and recordings the PostgreSQL tests replay. */
final class PgConnections {
  static final int SERVER_PORT = 5432;
  static final int CLIENT_PORT = 51234;

  private PgConnections() {}

  /** A postgres backend's accepted socket (requests received). */
  static Connection server() {
    return TestConnections.tcp(Role.SERVER, "postgres", SERVER_PORT, CLIENT_PORT);
  }

  /** psql's connected socket (requests sent). */
  static Connection client() {
    return TestConnections.tcp(Role.CLIENT, "psql", SERVER_PORT, CLIENT_PORT);
  }

  static Connection of(Role role) {
    return TestConnections.tcp(role, role == Role.SERVER ? "postgres" : "psql", SERVER_PORT, CLIENT_PORT);
  }

  /**
   * A postgres backend's socket, inherited from the postmaster that accepted it, so its role is
   * unknown: local is the server port.
   */
  static Connection backend() {
    return new Connection(1201, 9, 1L, "postgres", Role.UNKNOWN, Transport.TCP,
        TestConnections.loopback(SERVER_PORT), TestConnections.loopback(CLIENT_PORT));
  }

  /** A recording as a backend's socket sees it: the client's bytes received. */
  static Capture asBackend(Conversation conversation) {
    Capture capture = Capture.of(new PostgresParser(), backend());
    long nanos = 0;
    for (Conversation.Segment segment : conversation.segments()) {
      capture.data(segment.fromClient() ? Direction.RECEIVED : Direction.SENT, segment.bytes(), nanos += 1000);
    }
    return capture;
  }

  /** A recorded conversation under {@code conversations/postgresql/}. */
  static Conversation recorded(String name) {
    return Conversation.load("postgresql/" + name + ".txt");
  }
}
