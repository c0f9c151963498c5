package io.sockscope.protocols.mysql;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.TestConnections;

/**
 * The conversations recorded between mariadbd 10.11 and its real clients (the mariadb command-line
 * client, mariadb-admin, Connector/J), kept in {@code conversations/mysql/}, and the sockets they
 * are replayed on.
 */
final class MariaDbRecordings {

  static final String CLI_SELECT_INSERT_ERROR = "cli-select-insert-error";
  static final String CLI_FOUR_STATEMENTS = "cli-four-statements";
  static final String ADMIN_PING = "admin-ping";
  static final String CLI_WRONG_PASSWORD = "cli-wrong-password";
  static final String CLI_CLEAR_PASSWORD = "cli-clear-password-auth-switch";
  static final String CLI_LOCAL_INFILE = "cli-load-data-local-infile";
  static final String CLI_SSL_REQUEST = "cli-ssl-request";
  static final String JDBC_PREPARED = "jdbc-prepared-executions";
  static final String JDBC_MULTI_RESULTS = "jdbc-multi-results-close-ping-init-db";

  static final String[] ALL = {
    CLI_SELECT_INSERT_ERROR, CLI_FOUR_STATEMENTS, ADMIN_PING, CLI_WRONG_PASSWORD, CLI_CLEAR_PASSWORD,
    CLI_LOCAL_INFILE, CLI_SSL_REQUEST, JDBC_PREPARED, JDBC_MULTI_RESULTS
  };

  /** The password of the recorded user {@code app}; no exchange may carry it. */
  static final String PASSWORD = "s3cret-pw";

  static final int SERVER_PORT = 3306;
  static final int CLIENT_PORT = 51000;

  private MariaDbRecordings() {}

  static Conversation load(String name) {
    return Conversation.load("mysql/" + name + ".txt");
  }

  static Connection socket(Role role) {
    return TestConnections.tcp(role, role == Role.SERVER ? "mariadbd" : "mariadb", SERVER_PORT, CLIENT_PORT);
  }

  /** A recording as the tracer sees it on the socket of {@code role}. */
  static Capture capture(String name, Role role) {
    return load(name).asStream(new MySqlParser(), socket(role));
  }
}
