package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx from the Debian package, in the foreground, serving a temporary folder on a free
 * loopback port. Closing stops the master it started, by its process handle.
 */
final class Nginx implements AutoCloseable {
  final Path root;
  final int port;
  private final boolean tls;
  private final Process master;

  private Nginx(Path root, int port, boolean tls, Process master) {
    this.root = root;
    this.port = port;
    this.tls = tls;
    this.master = master;
  }

  /** nginx with {@code sendfile off}: bodies leave through write/writev and are copied. */
  static Nginx start(Path dir) throws IOException, InterruptedException {
    return start(dir, false);
  }

  /**
   * @param sendfile whether static bodies leave through sendfile(2), whose bytes the kernel side
   *     never copies (they reach the parser as a gap)
   */
  static Nginx start(Path dir, boolean sendfile) throws IOException, InterruptedException {
    return start(dir, sendfile, false);
  }

  /** nginx serving HTTPS (HTTP/1.1 over TLS, OpenSSL) with a self-signed certificate. */
  static Nginx startTls(Path dir) throws IOException, InterruptedException {
    return start(dir, false, true);
  }

  private static Nginx start(Path dir, boolean sendfile, boolean tls) throws IOException, InterruptedException {
    Path root = Files.createDirectories(dir.resolve("html"));
    int port = freePort();
    String conf = String.join("\n",
        "daemon off;",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + ";",
        "events { worker_connections 256; }",
        "http {",
        "  access_log off;",
        "  sendfile " + (sendfile ? "on" : "off") + ";",
        "  keepalive_requests 10000;",
        "  client_body_temp_path " + dir + ";",
        tls ? "  server { listen 127.0.0.1:" + port + " ssl; root " + root + "; ssl_certificate "
            + SelfSignedCertificate.create(dir).certificate() + "; ssl_certificate_key "
            + SelfSignedCertificate.create(dir).key() + "; }"
            : "  server { listen 127.0.0.1:" + port + "; root " + root + "; }",
        "}", "");
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    Process master = new ProcessBuilder("nginx", "-c", confFile.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile())
        .start();
    Nginx nginx = new Nginx(root, port, tls, master);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!nginx.accepting()) {
      if (!master.isAlive() || System.nanoTime() > deadline) {
        nginx.close();
        throw new IOException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
      }
      Thread.sleep(50);
    }
    return nginx;
  }

  private boolean accepting() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return !workerPids().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  int masterPid() {
    return (int) master.pid();
  }

  Set<Integer> workerPids() {
    return master.toHandle().children().map(h -> (int) h.pid()).collect(Collectors.toSet());
  }

  String url(String path) {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port + path;
  }

  @Override
  public void close() throws InterruptedException {
    master.destroy(); // SIGTERM: nginx's fast shutdown, workers included
    if (!master.waitFor(10, TimeUnit.SECONDS)) {
      master.destroyForcibly();
    }
    assertTrue(master.waitFor(10, TimeUnit.SECONDS), "nginx master did not stop");
  }
}
