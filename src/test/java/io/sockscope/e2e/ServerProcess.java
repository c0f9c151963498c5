package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server (redis-server, postgres, mariadbd, memcached, dnsmasq, ...) that a test starts in
 * the foreground, its output in a log file. Closing stops that process, by its handle, and waits
 * for it: never any other process.
 */
final class ServerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with {@code environment} added to this process's, output going to
   * {@code log}.
   */
  static ServerProcess start(List<String> command, Map<String, String> environment, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new ServerProcess(Path.of(command.get(0)).getFileName().toString(), builder.start(), log);
  }

  static ServerProcess start(List<String> command, Path log) throws IOException {
    return start(command, Map.of(), log);
  }

  /** A TCP port on 127.0.0.1 that nothing listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the server accepts TCP connections on 127.0.0.1:{@code port}; closes it and fails if not in time. */
  ServerProcess awaitTcp(int port) throws IOException, InterruptedException {
    return await("127.0.0.1:" + port, () -> {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return true;
      }
    });
  }

  /** Waits until the server accepts connections on the Unix socket at {@code path}. */
  ServerProcess awaitUnix(Path path) throws IOException, InterruptedException {
    return await(path.toString(), () -> {
      try (SocketChannel ignored = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        return ignored.connect(UnixDomainSocketAddress.of(path));
      }
    });
  }

  /** Something that says whether the server is ready; an IOException means not yet. */
  interface Probe {
    boolean ready() throws IOException;
  }

  /** Waits up to 60 s (scaled by SOCKSCOPE_TEST_TIME_SCALE) until {@code probe} is ready. */
  ServerProcess await(String what, Probe probe) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60L * timeScale());
    while (true) {
      try {
        if (probe.ready()) {
          return this;
        }
      } catch (IOException notYet) {
        // not ready yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IOException(name + " is not ready on " + what + ": " + Files.readString(log));
      }
      Thread.sleep(50);
    }
  }

  /** How much slower than this host's real hardware the tests run (10 under QEMU's emulation). */
  static long timeScale() {
    String scale = System.getenv("SOCKSCOPE_TEST_TIME_SCALE");
    return scale == null || scale.isBlank() ? 1 : Long.parseLong(scale.trim());
  }

  int pid() {
    return (int) process.pid();
  }

  /** The server's own pid and those of the processes it forked (postgres backends, ...). */
  java.util.Set<Integer> pidsWithChildren() {
    java.util.Set<Integer> pids = new java.util.HashSet<>();
    pids.add(pid());
    process.toHandle().descendants().forEach(h -> pids.add((int) h.pid()));
    return pids;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: each of these servers shuts down cleanly on it
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), name + " did not stop");
  }
}
