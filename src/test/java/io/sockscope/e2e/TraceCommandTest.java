package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples' {@code trace} command, run as a user runs it: {@code java -jar sockscope.jar trace}. */
@KernelTest
class TraceCommandTest {
  private static final String TLS_PROBES_EVERYWHERE = "sockscope: the TLS probes fire in every process";

  @TempDir Path dir;
  /** What the trace command printed on stderr after its "attached" line. */
  private List<String> stderrAfterAttached = List.of();

  @Test
  void printsAnAttachedLineThenOneJsonObjectPerExchangeAndExitsAfterTheDuration() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.writeString(nginx.root.resolve("index.html"), "hello\n");
      Path stdout = trace(List.of("--port", String.valueOf(nginx.port),
          "--pid", String.valueOf(nginx.workerPids().iterator().next()), "--json"),
          List.of("curl", "-s", "-o", "/dev/null", "-o", "/dev/null",
              nginx.url("/index.html"), nginx.url("/nothing-here")));

      List<JsonObject> exchanges = new ArrayList<>();
      for (String line : Files.readAllLines(stdout)) {
        exchanges.add(JsonParser.parseString(line).getAsJsonObject());
      }
      assertEquals(2, exchanges.size(), "only the nginx worker's side (--pid): " + exchanges);
      assertEquals("http", exchanges.get(0).get("protocol").getAsString());
      assertEquals("nginx", exchanges.get(0).get("command").getAsString());
      assertEquals("server", exchanges.get(0).get("role").getAsString());
      JsonObject first = exchanges.get(0).getAsJsonObject("attributes");
      JsonObject second = exchanges.get(1).getAsJsonObject("attributes");
      assertEquals("/index.html", first.get("url.path").getAsString());
      assertEquals(200, first.get("http.response.status_code").getAsInt());
      assertEquals("/nothing-here", second.get("url.path").getAsString());
      assertEquals(404, second.get("http.response.status_code").getAsInt());
      assertTrue(exchanges.get(0).get("latency_ns").getAsLong() > 0);
      assertTrue(stderrAfterAttached.stream().noneMatch(line -> line.startsWith(TLS_PROBES_EVERYWHERE)),
          "with --pid the probes are in those processes only: " + stderrAfterAttached);
    }
  }

  @Test
  void countPrintsOnlyTheCountsPerProtocolAndSide() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.writeString(nginx.root.resolve("index.html"), "hello\n");
      Path stdout = trace(List.of("--port", String.valueOf(nginx.port), "--count"),
          List.of("curl", "-s", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
              nginx.url("/index.html"), nginx.url("/index.html"), nginx.url("/nothing-here")));

      List<String> lines = Files.readAllLines(stdout);
      assertEquals("exchanges {http client=3, http server=3}", lines.get(lines.size() - 1), "the total at the end");
      List<String> soFar = lines.subList(0, lines.size() - 1);
      assertTrue(soFar.size() >= 2, "the counts so far once a second, over 4 s: " + lines);
      assertTrue(soFar.stream().allMatch(line -> line.startsWith("exchanges so far {")), lines.toString());
      // curl ran as soon as the tracer attached; a second later its exchanges were all counted
      assertEquals("exchanges so far {http client=3, http server=3}", soFar.get(soFar.size() - 1), lines.toString());
      assertTrue(stderrAfterAttached.stream().anyMatch(line -> line.startsWith(TLS_PROBES_EVERYWHERE)),
          "a --port filter does not keep the TLS probes out of other processes: " + stderrAfterAttached);
    }
  }

  /**
   * Runs {@code java -jar sockscope.jar trace} with {@code options} for 4 s on this suite's backend,
   * runs {@code client} once the tracer says it is attached, and returns the file of its stdout.
   */
  private Path trace(List<String> options, List<String> client) throws Exception {
    Path jar = Path.of(System.getProperty("sockscope.examplesJar", "../examples/target/sockscope.jar"));
    assertTrue(Files.isRegularFile(jar), "build the examples first: " + jar.toAbsolutePath());
    Path stdout = dir.resolve("trace.out");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "trace",
        "--duration", "4", "--backend", TestTracers.attachMode().name().toLowerCase(java.util.Locale.ROOT)));
    command.addAll(options);
    Process trace = new ProcessBuilder(command).redirectOutput(stdout.toFile()).start();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(trace.getErrorStream(), StandardCharsets.UTF_8))) {
      List<String> before = new ArrayList<>(); // log lines (a TLS library not probed, say) may come first
      String attached = err.readLine();
      while (attached != null && !attached.startsWith("sockscope: attached") && before.size() < 50) {
        before.add(attached);
        attached = err.readLine();
      }
      assertTrue(attached != null && attached.startsWith("sockscope: attached"), "stderr: " + before);
      Commands.run(client);
      assertTrue(trace.waitFor(30, TimeUnit.SECONDS), "trace exits after --duration");
      assertEquals(0, trace.exitValue());
      stderrAfterAttached = err.lines().toList();
    } finally {
      trace.destroy();
    }
    return stdout;
  }
}
