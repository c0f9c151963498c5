package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A postgres server from the distribution's package (the newest installed major version), run as the postgres user in a fresh cluster of
 * its own (initdb with scram-sha-256 and a random password), listening on a free port on
 * 127.0.0.1 only. Closing stops that server ({@code pg_ctl stop}, then its process handle) and
 * removes the cluster.
 */
final class Postgres implements AutoCloseable {
  private static final String BIN = newestBin();

  /** {@code /usr/lib/postgresql/<major>/bin/} of the newest major version installed (Debian 12: 15). */
  private static String newestBin() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
          .map(v -> v.resolve("bin") + "/")
          .orElse("/usr/lib/postgresql/15/bin/");
    } catch (IOException | NumberFormatException e) {
      return "/usr/lib/postgresql/15/bin/";
    }
  }

  /** The superuser's password, which no exchange may show. */
  final String password;
  final int port;
  private final Path dir;
  private final Path data;
  private final ServerProcess server;

  private Postgres(Path dir, String password, int port, ServerProcess server) {
    this.dir = dir;
    this.password = password;
    this.port = port;
    this.data = dir.resolve("data");
    this.server = server;
  }

  /** Starts a server; with {@code ssl}, it accepts TLS with a self-signed certificate. */
  static Postgres start(boolean ssl) throws IOException, InterruptedException {
    // The postgres user must reach the cluster: a folder of its own, not the test's private one.
    Path dir = Files.createTempDirectory("sockscope-postgres",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    String password = "pw-" + UUID.randomUUID();
    int port = ServerProcess.freePort();
    Path data = dir.resolve("data");
    Files.writeString(dir.resolve("pwfile"), password + "\n");
    Files.createDirectories(dir.resolve("sockets"));
    List<String> command = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", BIN + "postgres",
        "-D", data.toString(), "-p", String.valueOf(port), "-k", dir.resolve("sockets").toString(),
        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "ssl=" + (ssl ? "on" : "off")));
    if (ssl) {
      SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
      Files.setPosixFilePermissions(certificate.key(), PosixFilePermissions.fromString("rw-------"));
      command.addAll(List.of("-c", "ssl_cert_file=" + certificate.certificate(), "-c", "ssl_key_file=" + certificate.key()));
    }
    Commands.run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
    Commands.run(List.of("runuser", "-u", "postgres", "--", BIN + "initdb", "-D", data.toString(),
        "--auth=scram-sha-256", "--pwfile=" + dir.resolve("pwfile"), "-U", "postgres", "--no-sync"));
    ServerProcess server = ServerProcess.start(command, dir.resolve("postgres.log"));
    Postgres postgres = new Postgres(dir, password, port, server);
    try {
      server.awaitTcp(port);
    } catch (IOException notReady) {
      postgres.close();
      throw notReady;
    }
    return postgres;
  }

  /** A libpq connection string for the superuser over TCP, the password left to PGPASSWORD. */
  String conninfo(String sslmode) {
    return "host=127.0.0.1 port=" + port + " user=postgres dbname=postgres sslmode=" + sslmode + " gssencmode=disable";
  }

  /** Runs a client (psql, pgbench) with PGPASSWORD set, to completion; returns what it printed. */
  String client(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", password);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120 * ServerProcess.timeScale(), TimeUnit.SECONDS), "timed out: " + command);
    assertEquals(0, process.exitValue(), command + " failed:\n" + output);
    return output;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      new ProcessBuilder("runuser", "-u", "postgres", "--", BIN + "pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(30, TimeUnit.SECONDS);
      server.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
