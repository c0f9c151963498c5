package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mariadbd from the Debian package, with its own data directory in a test's temporary folder,
 * listening on a free loopback port and on a Unix socket, with a user {@link #USER} who has a
 * password and a database {@link #DATABASE} holding a table {@code items} of three rows. Closing
 * stops the server it started, by its handle.
 */
final class MariaDb implements AutoCloseable {
  static final String USER = "app";
  static final String PASSWORD = "e2e-Pa55word-never-traced";
  static final String DATABASE = "shop";

  final int port;
  final Path socket;
  private final ServerProcess server;

  private MariaDb(int port, Path socket, ServerProcess server) {
    this.port = port;
    this.socket = socket;
    this.server = server;
  }

  static MariaDb start(Path dir) throws IOException, InterruptedException {
    Path data = dir.resolve("data");
    Commands.run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root",
        "--auth-root-authentication-method=normal", "--skip-test-db"));
    int port = ServerProcess.freePort();
    Path socket = dir.resolve("mariadb.sock");
    ServerProcess server = ServerProcess.start(List.of("/usr/sbin/mariadbd", "--no-defaults",
        "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket,
        "--pid-file=" + dir.resolve("mariadbd.pid"), "--user=root", "--skip-log-bin", "--skip-name-resolve",
        "--innodb-buffer-pool-size=16M", "--max-connections=20"), dir.resolve("mariadbd.log"));
    MariaDb mariaDb = new MariaDb(port, socket, server);
    try {
      server.awaitTcp(port).awaitUnix(socket);
      mariaDb.asRootOverTheSocket(String.join(" ",
          "CREATE DATABASE " + DATABASE + ";",
          "CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';",
          "GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'127.0.0.1';",
          "CREATE TABLE " + DATABASE + ".items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40), price INT);",
          "INSERT INTO " + DATABASE + ".items (name, price) VALUES ('apple', 3), ('pear', 4), ('plum', 2);"));
    } catch (IOException | InterruptedException | AssertionError e) {
      mariaDb.close();
      throw e;
    }
    return mariaDb;
  }

  int pid() {
    return server.pid();
  }

  /** Runs statements as root through the Unix socket, which the tests' tracers do not watch. */
  void asRootOverTheSocket(String sql) throws IOException, InterruptedException {
    Commands.run(List.of("mariadb", "--no-defaults", "--socket=" + socket, "-uroot", "-e", sql));
  }

  /**
   * Runs the mariadb command-line client over TCP as {@link #USER} on {@link #DATABASE}, in batch
   * mode without column names; its output and exit code, which is not 0 when a statement failed.
   */
  ClientRun client(String sql) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mariadb", "--no-defaults", "--skip-ssl", "--batch",
        "--skip-column-names", "-h127.0.0.1", "-P" + port, "-u" + USER, "-p" + PASSWORD, DATABASE, "-e", sql));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
    return new ClientRun(output, process.exitValue());
  }

  /** What the command-line client printed, and its exit code. */
  record ClientRun(String output, int exitCode) {}

  String jdbcUrl(String options) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD + options;
  }

  String log() throws IOException {
    return server.log();
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
  }
}
