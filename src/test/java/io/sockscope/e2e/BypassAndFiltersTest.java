package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.BackpressurePolicy;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import io.sockscope.e2e.RecordingParser.Recording;
import io.sockscope.spi.Direction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * What the tracer leaves out, and says it left out: a connection whose bytes go through splice,
 * processes outside the traced cgroup, records the handlers were too slow for, and connections
 * no port filter matches.
 */
@KernelTest
class BypassAndFiltersTest {
  @TempDir Path dir;

  private static final String SPLICE = String.join("\n",
      "import os, socket, sys",
      "sys.stdin.readline()",
      "listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(1)",
      "c = socket.create_connection(listener.getsockname())",
      "s, _ = listener.accept()",
      "r, w = os.pipe()",
      "os.write(w, b'spliced-bytes')",
      "moved = os.splice(r, c.fileno(), 13)", // pipe -> socket: the bytes never pass a captured call
      "c.sendall(b'after-splice')",
      "got = b''",
      "while len(got) < 25: got += s.recv(64)",
      "print(moved, c.fileno(), s.fileno(), got.decode(), flush=True)",
      "c.close(); s.close()",
      "");

  @Test
  void aSocketWrittenWithSpliceIsCountedAsBypassedAndNoLongerParsed() throws Exception {
    RecordingParser parser = new RecordingParser();
    try (PythonScript python = PythonScript.start(dir, "splice.py", SPLICE);
        Tracer tracer = TestTracers.builder().parsers(parser).pids(python.pid()).build()) {
      tracer.start();
      python.go();
      String[] seen = python.readLine().split(" ");
      python.awaitExit();
      assertEquals("13", seen[0], "splice moved the pipe's bytes");
      assertEquals("spliced-bytesafter-splice", seen[3]);
      int clientFd = Integer.parseInt(seen[1]);
      int serverFd = Integer.parseInt(seen[2]);

      TracerStats stats = TracerWaits.awaitClosed(tracer, 2);
      assertEquals(1, stats.connectionsBypassed(), stats.toString());
      assertEquals(Map.of("capture: bytes moved by splice, not captured", 1L), stats.lossReasons(), stats.toString());
      assertTrue(stats.anyLoss(), "a bypassed connection is a loss: " + stats);

      List<Recording> recordings = parser.awaitClosed(r -> true, 1, 10);
      assertTrue(recordings.stream().noneMatch(r -> r.connection().fd() == clientFd),
          "the spliced end is not parsed, not even its later send: " + recordings);
      assertEquals(1, recordings.size(), recordings.toString());
      Recording server = recordings.get(0);
      assertEquals(serverFd, server.connection().fd());
      assertEquals("spliced-bytesafter-splice",
          new String(server.bytes(Direction.RECEIVED), StandardCharsets.US_ASCII), "the reading end is not bypassed");
      assertEquals(25, stats.bytesCaptured(), "only what the server end read: " + stats);
    }
  }

  private static final String TALKER = String.join("\n",
      "import socket, sys",
      "print('ready', flush=True)",
      "sys.stdin.readline()",
      "listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(1)",
      "c = socket.create_connection(listener.getsockname())",
      "s, _ = listener.accept()",
      "c.sendall(sys.argv[1].encode()); assert s.recv(64) == sys.argv[1].encode()",
      "print(c.fileno(), s.fileno(), flush=True)",
      "c.close(); s.close()",
      "");

  @Test
  void aCgroupFilterTracesOnlyTheProcessesInThatCgroup() throws Exception {
    Path hierarchy = cgroup2Mount();
    Path cgroup = hierarchy.resolve("sockscope-test-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectory(cgroup);
    try {
      RecordingParser parser = new RecordingParser();
      try (PythonScript inside = PythonScript.start(dir, "inside.py", TALKER, "in-the-cgroup");
          PythonScript outside = PythonScript.start(dir, "outside.py", TALKER, "outside-it")) {
        assertEquals("ready", inside.readLine());
        assertEquals("ready", outside.readLine());
        Files.writeString(cgroup.resolve("cgroup.procs"), String.valueOf(inside.pid()));
        assertEquals(String.valueOf(inside.pid()), Files.readString(cgroup.resolve("cgroup.procs")).strip());
        try (Tracer tracer = TestTracers.builder().parsers(parser).cgroups(cgroup).build()) {
          tracer.start();
          inside.go();
          outside.go();
          inside.readLine();
          outside.readLine();
          inside.awaitExit();
          outside.awaitExit();

          TracerStats stats = TracerWaits.awaitClosed(tracer, 2);
          List<Recording> recordings = parser.awaitClosed(r -> true, 2, 10);
          assertEquals(2, recordings.size(), "the two ends of the process in the cgroup: " + recordings);
          for (Recording recording : recordings) {
            assertEquals(inside.pid(), recording.connection().pid(), recording.toString());
          }
          Recording client = only(recordings, Role.CLIENT);
          Recording server = only(recordings, Role.SERVER);
          assertEquals("in-the-cgroup", text(client, Direction.SENT));
          assertEquals("in-the-cgroup", text(server, Direction.RECEIVED));
          assertEquals(2, stats.connectionsOpened(), "none of the other process's: " + stats);
          assertEquals(2 * "in-the-cgroup".length(), stats.bytesCaptured(), stats.toString());
        }
      }
    } finally {
      removeCgroup(cgroup);
    }
  }

  @Test
  void dropBackpressureWithASlowCallbackDropsRecordsAndCountsThemAndStillClosesPromptly() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.writeString(nginx.root.resolve("index.html"), "slow consumer\n");
      Files.createDirectories(dir.resolve("bodies"));
      AtomicInteger delivered = new AtomicInteger();
      Tracer tracer = TestTracers.builder().ports(nginx.port).eventQueueSize(64)
          .backpressure(BackpressurePolicy.DROP)
          .onMessage(exchange -> {
            delivered.incrementAndGet();
            sleep(5);
          }).build();
      TracerStats stats;
      try {
        tracer.start();
        String curlSaw = Commands.run(List.of("curl", "-s", "-w", "%{http_code}\\n",
            "-o", dir.resolve("bodies/#1").toString(), nginx.url("/index.html?i=[1-300]")));
        assertEquals(300, curlSaw.strip().split("\n").length);
        Thread.sleep(500);
      } finally {
        long start = System.nanoTime();
        tracer.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        stats = tracer.stats();
        System.out.println("DROP with a 5 ms callback: closed in " + closeMillis + " ms, " + delivered.get()
            + " exchanges delivered of 600; " + stats);
        assertTrue(closeMillis < 10_000, "close took " + closeMillis + " ms");
      }
      assertTrue(stats.recordsDroppedBehind() > 0, "a 64-slot queue behind a 5 ms callback overflows: " + stats);
      assertEquals(0, stats.kernelRecordsLost(), "the reader kept the kernel's ring drained: " + stats);
      assertTrue(stats.anyLoss(), stats.toString());
      assertEquals(stats.exchanges(), delivered.get(), "every exchange counted was delivered");
      assertTrue(delivered.get() > 0 && delivered.get() < 600,
          "some of the 600 exchanges (300 requests, two ends) got through, not all: " + delivered.get());
      tracer.close(); // idempotent
    }
  }

  @Test
  void aPortFilterMatchingNoTrafficCapturesNothing() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.writeString(nginx.root.resolve("index.html"), "not for this tracer\n");
      int otherPort = Nginx.freePort();
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(otherPort).onMessage(collector).build()) {
        tracer.start();
        for (int i = 0; i < 5; i++) {
          assertEquals("200", Commands.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
              nginx.url("/index.html"))));
        }
        Thread.sleep(500);
        TracerStats stats = tracer.stats();
        assertEquals(0, stats.connectionsOpened(), stats.toString());
        assertEquals(0, stats.bytesCaptured(), stats.toString());
        assertEquals(0, stats.exchanges(), stats.toString());
        assertEquals(List.of(), collector.all());
      }
      // The same traffic with the port that matches: the tracer above was not simply blind.
      ExchangeCollector control = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(nginx.port).onMessage(control).build()) {
        tracer.start();
        Commands.run(List.of("curl", "-s", "-o", "/dev/null", nginx.url("/index.html")));
        List<Exchange> seen = control.await(e -> true, 2, 10);
        assertEquals(2, seen.size(), "nginx's and curl's view: " + seen);
      }
    }
  }

  private static Recording only(List<Recording> recordings, Role role) {
    List<Recording> matching = recordings.stream().filter(r -> r.connection().role() == role).toList();
    assertEquals(1, matching.size(), role + " in " + recordings);
    return matching.get(0);
  }

  private static String text(Recording recording, Direction direction) {
    return new String(recording.bytes(direction), StandardCharsets.US_ASCII);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  /** Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts. */
  private static Path cgroup2Mount() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] fields = line.split(" ");
      if (fields.length > 2 && fields[2].equals("cgroup2")) {
        return Path.of(fields[1]);
      }
    }
    throw new TestAbortedException("no cgroup v2 hierarchy is mounted");
  }

  /** Moves any process left in the cgroup to the root cgroup, then removes the cgroup. */
  private static void removeCgroup(Path cgroup) throws IOException, InterruptedException {
    if (!Files.exists(cgroup)) {
      return;
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      for (String pid : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
        if (!pid.isBlank()) {
          Files.writeString(cgroup.getParent().resolve("cgroup.procs"), pid.strip());
        }
      }
      try {
        Files.delete(cgroup); // rmdir: only an empty cgroup goes
        return;
      } catch (IOException busy) {
        Thread.sleep(100); // an exiting process may still count for a moment
      }
    }
    Files.delete(cgroup);
  }
}
