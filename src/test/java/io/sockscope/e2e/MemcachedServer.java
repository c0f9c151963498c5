package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * memcached from Debian's package, started by a test on 127.0.0.1 and a free port (no UDP), and
 * libmemcached's command-line tools pointed at it. Closing stops that memcached by its handle.
 */
final class MemcachedServer implements AutoCloseable {
  final int port;
  private final ServerProcess process;

  private MemcachedServer(int port, ServerProcess process) {
    this.port = port;
    this.process = process;
  }

  static MemcachedServer start(Path dir) throws IOException, InterruptedException {
    int port = ServerProcess.freePort();
    ServerProcess process = ServerProcess.start(
        List.of("memcached", "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0", "-u", "root", "-m", "64"),
        dir.resolve("memcached.log"));
    return new MemcachedServer(port, process.awaitTcp(port));
  }

  int pid() {
    return process.pid();
  }

  /** What a libmemcached tool printed, and how it exited. */
  record ToolRun(int exitCode, String output) {}

  /**
   * Runs a libmemcached tool ({@code memccp}, {@code memccat}, ...) in {@code dir} against this
   * server, with {@code --binary} for the binary protocol, and waits for it (at most 60 s).
   */
  ToolRun tool(Path dir, boolean binary, String tool, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(tool, "--servers=127.0.0.1:" + port));
    if (binary) {
      command.add("--binary");
    }
    command.addAll(List.of(arguments));
    Process run = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS)) {
      run.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new ToolRun(run.exitValue(), output);
  }

  /** Like {@link #tool}, asserting that the tool succeeded. */
  String succeeding(Path dir, boolean binary, String tool, String... arguments) throws IOException, InterruptedException {
    ToolRun run = tool(dir, binary, tool, arguments);
    assertTrue(run.exitCode() == 0, tool + " failed: " + run.output());
    return run.output();
  }

  /** The server's general statistics, read on a connection of its own (untraced once the tracer is closed). */
  Map<String, String> stats() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      while (!text.toString().endsWith("END\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        text.append((char) b);
      }
      Map<String, String> stats = new HashMap<>();
      for (String line : text.toString().split("\r\n")) {
        String[] parts = line.split(" ", 3);
        if (parts.length == 3 && parts[0].equals("STAT")) {
          stats.put(parts[1], parts[2]);
        }
      }
      return stats;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
