package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A python3 program the test writes and starts, talking to it over its stdin and stdout (pipes,
 * which the tracer ignores): the test reads the lines it prints and sends it a line when it may
 * go on. Closing kills it, by its own process handle, if it is still running.
 */
final class PythonScript implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;

  private PythonScript(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static PythonScript start(Path dir, String name, String source, String... args) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, source);
    List<String> command = new ArrayList<>(List.of("python3", script.toString()));
    command.addAll(List.of(args));
    return new PythonScript(new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  int pid() {
    return (int) process.pid();
  }

  /** The next line the program prints; fails if it ended first. */
  String readLine() throws IOException {
    String line = out.readLine();
    assertNotNull(line, "the python program ended early (its stderr is above)");
    return line;
  }

  /** Sends it a line, which it reads with {@code sys.stdin.readline()}. */
  void go() throws IOException {
    process.getOutputStream().write('\n');
    process.getOutputStream().flush();
  }

  /** Waits for it to exit, and checks it succeeded. */
  void awaitExit() throws InterruptedException {
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the python program did not finish");
    assertEquals(0, process.exitValue(), "the python program failed (its stderr is above)");
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
