package io.sockscope.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * dnsmasq from Debian's package, in the foreground, answering on a free 127.0.0.1 port over UDP
 * and TCP from a hosts file only: no upstream servers, and names under {@code sockscope.test} that
 * the file does not hold are NXDOMAIN. It forks a child per TCP connection, as in production.
 * Closing stops the process it started, by its handle.
 */
final class Dnsmasq implements AutoCloseable {
  static final String DOMAIN = "sockscope.test";

  final int port;
  private final ServerProcess process;

  private Dnsmasq(int port, ServerProcess process) {
    this.port = port;
    this.process = process;
  }

  /** Starts dnsmasq in {@code dir}, answering from {@code hosts} (lines of {@code address name}). */
  static Dnsmasq start(Path dir, String hosts) throws IOException, InterruptedException {
    Path hostsFile = dir.resolve("hosts");
    Files.writeString(hostsFile, hosts);
    int port = ServerProcess.freePort();
    ServerProcess process = ServerProcess.start(List.of(
        "dnsmasq",
        "--keep-in-foreground",
        "--conf-file=/dev/null",
        "--port=" + port,
        "--listen-address=127.0.0.1",
        "--bind-interfaces",
        "--no-resolv",
        "--no-hosts",
        "--addn-hosts=" + hostsFile,
        "--local=/" + DOMAIN + "/",
        "--user=root",
        "--group=root",
        "--pid-file=" + dir.resolve("dnsmasq.pid"),
        "--log-facility=-",
        "--log-queries"), dir.resolve("dnsmasq.log"));
    process.awaitTcp(port);
    return new Dnsmasq(port, process);
  }

  int pid() {
    return process.pid();
  }

  String log() throws IOException {
    return process.log();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
