package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * memcached from Debian's package, driven by libmemcached's tools and by spymemcached, in the text
 * and the binary protocol, traced by the real kernel programs.
 */
@KernelTest
@Tag("data-stores")
class MemcachedTracingTest {
  private static final int LOAD_KEYS = 200;

  @TempDir Path dir;

  @ParameterizedTest(name = "binary={0}")
  @ValueSource(booleans = {false, true})
  void storeFetchMissDeleteStatsAndIncrAreTracedOnBothSides(boolean binary) throws Exception {
    Files.writeString(dir.resolve("a.txt"), "hello world\n");
    Files.writeString(dir.resolve("b.txt"), "b".repeat(3_000));
    Files.writeString(dir.resolve("c.txt"), "c".repeat(100));
    try (MemcachedServer memcached = MemcachedServer.start(dir)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(memcached.port).onMessage(collector).build()) {
        tracer.start();
        memcached.succeeding(dir, binary, "memccp", "a.txt", "b.txt", "c.txt");
        String fetched = memcached.succeeding(dir, binary, "memccat", "a.txt", "b.txt", "c.txt");
        assertTrue(fetched.startsWith("hello world\n"), fetched);
        assertEquals(1, memcached.tool(dir, binary, "memccat", "missing").exitCode(), "a miss");
        memcached.succeeding(dir, binary, "memcrm", "a.txt");
        String stats = memcached.succeeding(dir, binary, "memcstat");
        assertTrue(stats.contains("pid: " + memcached.pid()), stats);
        String calls = SpymemcachedCalls.run(memcached.port, binary);
        assertTrue(calls.contains("set true\nincr 15\nbulk [b.txt, c.txt]"), calls);

        // per tool: its commands, then QUIT (answered in binary); the Java client's calls last
        String get = binary ? "GETK" : "GET";
        String quit = binary ? "QUIT -> OK" : "QUIT -> no reply";
        String stored = binary ? "OK" : "STORED";
        List<String> expected = new java.util.ArrayList<>(List.of(
            "SET a.txt -> " + stored, "SET b.txt -> " + stored, "SET c.txt -> " + stored, quit,
            get + " a.txt -> 1/1 hit", get + " b.txt -> 1/1 hit", get + " c.txt -> 1/1 hit", quit,
            get + " missing -> 0/1 hit", quit,
            binary ? "DELETE a.txt -> OK" : "DELETE a.txt -> DELETED", quit,
            binary ? "VERSION -> OK" : "VERSION -> VERSION", binary ? "STAT -> " : "STATS -> ", quit,
            "SET counter -> " + stored, binary ? "INCREMENT counter -> OK" : "INCR counter -> value"));
        if (binary) {
          expected.addAll(List.of("GETQ b.txt -> 1/1 hit", "GETQ c.txt -> 1/1 hit",
              "GETQ nothere -> miss (no reply)", "NOOP -> OK", "NOOP -> OK"));
        } else {
          expected.addAll(List.of("GET (3 keys) -> 2/3 hits", "VERSION -> VERSION"));
        }

        List<Exchange> server = collector.await(side(Role.SERVER, memcached.port), expected.size(), 20);
        List<Exchange> clients = collector.await(side(Role.CLIENT, memcached.port), expected.size(), 20);
        System.out.printf("memcached %s: %d requests sent; exchanges seen: server side %d, client side %d; %s%n",
            binary ? "binary" : "text", expected.size(), server.size(), clients.size(), tracer.stats());
        assertEquals(sorted(expected), sorted(summaries(server)), "server side: " + server);
        // a client closes after a binary QUIT without reading its answer
        List<String> expectedOnClients = expected.stream().map(s -> s.replace("QUIT -> OK", "QUIT -> no reply")).toList();
        assertEquals(sorted(expectedOnClients), sorted(summaries(clients)), "client side: " + clients);

        for (Exchange exchange : server) {
          assertEquals(memcached.pid(), exchange.connection().pid(), exchange.toString());
          assertEquals("memcached", exchange.connection().command());
          assertEquals(binary ? "binary" : "text", exchange.attribute("memcached.protocol"));
          assertEquals((long) memcached.port, exchange.attribute("server.port"));
          assertTrue(exchange.endNanos() >= exchange.startNanos(), exchange.toString());
        }
        for (List<Exchange> side : List.of(server, clients)) {
          Exchange bigGet = only(side, e -> e.summary().startsWith(get + " b.txt ->"));
          assertEquals(3_000L, bigGet.attribute("memcached.response.value.size"));
          Exchange bigSet = only(side, e -> e.summary().startsWith("SET b.txt"));
          assertEquals(3_000L, bigSet.attribute("memcached.request.value.size"));
          Exchange statsExchange = only(side, e -> e.summary().startsWith(binary ? "STAT" : "STATS"));
          assertTrue((Long) statsExchange.attribute("db.response.returned_rows") > 50, statsExchange.toString());
          Exchange miss = only(side, e -> e.summary().startsWith(get + " missing"));
          assertEquals(0L, miss.attribute("memcached.hits"));
          assertEquals(binary ? "0x0001" : null, miss.attribute("db.response.status_code"));
          if (!binary) {
            Exchange multiGet = only(side, e -> e.summary().endsWith("(+2) -> 2/3 hits"));
            assertEquals(sorted(List.of("get", "b.txt", "c.txt", "nothere")),
                sorted(List.of(((String) multiGet.attribute("db.query.text")).split(" "))));
            assertEquals(3L, multiGet.attribute("memcached.keys"));
            assertEquals(2L, multiGet.attribute("memcached.hits"));
          }
        }
        assertEquals(binary ? 7 : 4, clients.stream().filter(e -> !e.connection().command().startsWith("memc")).count(),
            "the Java client's exchanges, on its own socket");

        TracerStats tracerStats = tracer.stats();
        assertEquals(0, tracerStats.kernelRecordsLost(), tracerStats.toString());
        assertEquals(0, tracerStats.parseFailures(), tracerStats.toString());
        assertEquals(0, tracerStats.bytesLostInGaps(), tracerStats.toString());
        assertEquals(0, tracerStats.messagesDropped(), tracerStats.toString());
        assertFalse(tracerStats.anyLoss(), tracerStats.toString());
      }
    }
  }

  @ParameterizedTest(name = "binary={0}")
  @ValueSource(booleans = {false, true})
  void boundedMemcslapLoadYieldsOneExchangePerRequest(boolean binary) throws Exception {
    try (MemcachedServer memcached = MemcachedServer.start(dir)) {
      ExchangeCollector collector = new ExchangeCollector();
      // memcslap --test=get: LOAD_KEYS sets on one connection, then LOAD_KEYS gets and a QUIT on another
      int requests = 2 * LOAD_KEYS + 1;
      TracerStats tracerStats;
      List<Exchange> server;
      List<Exchange> clients;
      try (Tracer tracer = TestTracers.builder().ports(memcached.port).onMessage(collector).build()) {
        tracer.start();
        memcached.succeeding(dir, binary, "memcslap", "--test=get", "--concurrency=1",
            "--execute-number=" + LOAD_KEYS);
        server = collector.await(side(Role.SERVER, memcached.port), requests, 30);
        clients = collector.await(side(Role.CLIENT, memcached.port), requests, 30);
        tracerStats = tracer.stats();
      }
      Map<String, String> stats = memcached.stats();
      System.out.printf("memcached %s load: %d requests sent (server: cmd_set %s, cmd_get %s, get_hits %s); "
              + "exchanges seen: server side %d, client side %d; %s%n",
          binary ? "binary" : "text", requests, stats.get("cmd_set"), stats.get("cmd_get"), stats.get("get_hits"),
          server.size(), clients.size(), tracerStats);
      assertEquals(String.valueOf(LOAD_KEYS), stats.get("cmd_set"));
      assertEquals(String.valueOf(LOAD_KEYS), stats.get("get_hits"));
      for (List<Exchange> side : List.of(server, clients)) {
        assertEquals(requests, side.size());
        Map<Object, Long> byOperation =
            side.stream().collect(Collectors.groupingBy(e -> e.attribute("db.operation.name"), Collectors.counting()));
        assertEquals(Map.of("SET", (long) LOAD_KEYS, binary ? "GETK" : "GET", (long) LOAD_KEYS, "QUIT", 1L), byOperation);
        assertEquals(LOAD_KEYS, side.stream().filter(e -> Long.valueOf(1).equals(e.attribute("memcached.hits"))).count());
      }
      assertEquals(0, tracerStats.parseFailures(), tracerStats.toString());
      assertEquals(0, tracerStats.messagesDropped(), tracerStats.toString());
    }
  }

  private static Predicate<Exchange> side(Role role, int port) {
    return e -> e.connection().role() == role
        && "memcached".equals(e.protocol())
        && Connection.port(e.connection().serverAddress()) == port;
  }

  private static List<String> summaries(List<Exchange> exchanges) {
    // the number of statistics varies with the server's state; the rest is exact
    // spymemcached orders a multi-get's keys as it likes
    return exchanges.stream()
        .map(e -> e.summary().replaceFirst("-> \\d+ stats$", "-> ").replaceFirst("^GET \\S+ \\(\\+2\\)", "GET (3 keys)"))
        .toList();
  }

  private static List<String> sorted(List<String> strings) {
    return strings.stream().sorted().toList();
  }

  private static Exchange only(List<Exchange> exchanges, Predicate<Exchange> filter) {
    List<Exchange> matching = exchanges.stream().filter(filter).toList();
    assertEquals(1, matching.size(), "one match in " + exchanges);
    return matching.get(0);
  }
}
