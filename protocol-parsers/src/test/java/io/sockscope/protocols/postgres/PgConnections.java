package io.sockscope.protocols.postgres;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Conversation;
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

  /** A recorded conversation under {@code conversations/postgresql/}. */
  static Conversation recorded(String name) {
    return Conversation.load("postgresql/" + name + ".txt");
  }
}
