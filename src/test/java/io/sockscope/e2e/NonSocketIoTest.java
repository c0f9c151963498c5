package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads and writes on files and pipes never reach the ring; socket bytes of the same process do. */
@KernelTest
class NonSocketIoTest {
  private static final String SCRIPT = String.join("\n",
      "import os, socket, sys",
      "print('ready', flush=True)",
      "sys.stdin.readline()", // a pipe read, traced process
      "path = sys.argv[1]",
      "for _ in range(20):",
      "    with open(path, 'wb') as f: f.write(b'x' * 65536)",
      "    with open(path, 'rb') as f: f.read()",
      "    r, w = os.pipe(); os.write(w, b'y' * 4096); os.read(r, 4096); os.close(r); os.close(w)",
      "listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(1)",
      "client = socket.create_connection(listener.getsockname())",
      "server, _ = listener.accept()",
      "client.sendall(b'hello'); assert server.recv(5) == b'hello'",
      "client.close(); server.close(); listener.close()",
      "print('done', flush=True)", // a pipe write
      "");

  @TempDir Path dir;

  @Test
  void fileAndPipeIoProducesNoRecordsWhileSocketBytesAreCaptured() throws Exception {
    Path script = dir.resolve("io.py");
    Files.writeString(script, SCRIPT);
    Process python = new ProcessBuilder("python3", script.toString(), dir.resolve("data").toString()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = python.getOutputStream()) {
      assertEquals("ready", out.readLine());
      try (Tracer tracer = TestTracers.builder().pids((int) python.pid()).build()) {
        tracer.start();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertEquals("done", out.readLine());
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue());
        TracerStats stats = TracerWaits.awaitClosed(tracer, 2);
        // 20 x (64 KiB file write + read, 4 KiB pipe write + read), stdin and stdout: none of it.
        assertEquals(2, stats.connectionsOpened(), stats.toString());
        assertEquals(10, stats.bytesCaptured(), "hello sent and hello received: " + stats);
        assertEquals(0, stats.kernelRecordsLost());
      }
    } finally {
      python.destroy();
    }
  }

}
