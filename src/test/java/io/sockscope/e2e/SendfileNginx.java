package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nginx as {@link Nginx} starts it, but with {@code sendfile on}: response bodies of static files
 * leave through sendfile(2), whose bytes the kernel side never copies. Closing stops the master
 * it started, by its process handle.
 */
final class SendfileNginx implements AutoCloseable {
  final Path root;
  final int port;
  private final Process master;

  private SendfileNginx(Path root, int port, Process master) {
    this.root = root;
    this.port = port;
    this.master = master;
  }

  static SendfileNginx start(Path dir) throws IOException, InterruptedException {
    Path root = Files.createDirectories(dir.resolve("html"));
    int port = Nginx.freePort();
    String conf = String.join("\n",
        "daemon off;",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + ";",
        "events { worker_connections 256; }",
        "http {",
        "  access_log off;",
        "  sendfile on;",
        "  keepalive_requests 10000;",
        "  client_body_temp_path " + dir + ";",
        "  server { listen 127.0.0.1:" + port + "; root " + root + "; }",
        "}", "");
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    Process master = new ProcessBuilder("nginx", "-c", confFile.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile())
        .start();
    SendfileNginx nginx = new SendfileNginx(root, port, master);
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
      return master.toHandle().children().findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
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
