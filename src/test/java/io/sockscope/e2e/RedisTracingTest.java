package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import io.sockscope.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redis-server 7 driven by redis-benchmark and redis-cli, traced by the real kernel programs. */
@KernelTest
@Tag("data-stores")
class RedisTracingTest {
  private static final int REQUESTS = 10_000;
  /** Room for both sides of a 10,000-request burst while the handler thread shares two cores. */
  private static final int RING_BYTES = 64 << 20;
  private static final Pattern COMPLETED = Pattern.compile("(\\d+) requests completed");

  @TempDir Path dir;

  @Test
  void benchmarkSetsYieldExactlyOneExchangePerRequestOnEachSide() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(redis.port).ringBufferBytes(RING_BYTES).onMessage(collector).build()) {
        tracer.start();
        long sent = completed(Commands.run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(redis.port),
            "-n", String.valueOf(REQUESTS), "-t", "set", "-c", "4")));
        assertEquals(REQUESTS, sent, "redis-benchmark's count");

        List<Exchange> server = collector.await(operation(Role.SERVER, redis, "SET"), REQUESTS, 60);
        List<Exchange> client = collector.await(operation(Role.CLIENT, redis, "SET"), REQUESTS, 30);
        TracerStats stats = tracer.stats();
        report("set", sent, server, client, stats);
        assertNothingLost(stats);
        assertEquals(REQUESTS, server.size(), "server side");
        assertEquals(REQUESTS, client.size(), "client side");
        for (Exchange exchange : server) {
          assertEquals("SET key:__rand_int__ -> OK", exchange.summary(), exchange.toString());
          assertEquals("redis", exchange.attribute("db.system.name"));
          assertEquals("simple_string", exchange.attribute("redis.response.type"));
          assertEquals("redis-server", exchange.connection().command());
          assertEquals(redis.pid(), exchange.connection().pid());
          assertTrue(exchange.latency().toNanos() >= 0);
        }
        assertEquals(4, server.stream().map(Exchange::connection).distinct().count(), "one connection per client");
        assertTrue(client.stream().allMatch(e -> e.connection().command().equals("redis-benchmark")));
      }
    }
  }

  @Test
  void pipelinedBenchmarkGetsPairEveryReplyWithItsCommand() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      Commands.run(redis.cli("SET", "key:__rand_int__", "VXK"));
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(redis.port).ringBufferBytes(RING_BYTES).onMessage(collector).build()) {
        tracer.start();
        long sent = completed(Commands.run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(redis.port),
            "-n", String.valueOf(REQUESTS), "-t", "get", "-P", "16", "-c", "2")));
        assertEquals(REQUESTS, sent, "redis-benchmark's count");

        List<Exchange> server = collector.await(operation(Role.SERVER, redis, "GET"), REQUESTS, 60);
        List<Exchange> client = collector.await(operation(Role.CLIENT, redis, "GET"), REQUESTS, 30);
        TracerStats stats = tracer.stats();
        report("get -P 16", sent, server, client, stats);
        assertNothingLost(stats);
        assertEquals(REQUESTS, server.size(), "server side");
        assertEquals(REQUESTS, client.size(), "client side");
        for (Exchange exchange : server) {
          assertEquals("GET key:__rand_int__", exchange.attribute("db.query.text"), exchange.toString());
          assertEquals("GET key:__rand_int__ -> bulk(3)", exchange.summary(), exchange.toString());
        }
      }
    }
  }

  @Test
  void redisCliOverTheUnixSocketWithAnErrorAndATwoMebibyteValue() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      int size = 2 * 1024 * 1024;
      Path big = dir.resolve("big.bin");
      Files.write(big, "v".repeat(size).getBytes(StandardCharsets.US_ASCII));
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().pids(redis.pid()).onMessage(collector).build()) {
        tracer.start();
        String socket = redis.socket.toString();
        assertEquals("OK", Commands.run(List.of("redis-cli", "-s", socket, "SET", "greeting", "hello")).strip());
        assertEquals("hello", Commands.run(List.of("redis-cli", "-s", socket, "GET", "greeting")).strip());
        assertTrue(Commands.run(List.of("redis-cli", "-s", socket, "INCR", "greeting")).contains("ERR value is not an integer"));
        assertEquals("OK", run(List.of("redis-cli", "-s", socket, "-x", "SET", "big"), big).strip());
        assertEquals(String.valueOf(size), Commands.run(List.of("redis-cli", "-s", socket, "STRLEN", "big")).strip());
        assertEquals(size + 1, Commands.run(List.of("redis-cli", "-s", socket, "GET", "big")).length());

        Predicate<Exchange> unix = e -> "redis".equals(e.protocol()) && e.connection().transport() == Transport.UNIX
            && e.connection().pid() == redis.pid() && !"COMMAND DOCS".equals(e.attribute("db.operation.name"));
        List<Exchange> server = collector.await(unix, 6, 30);
        TracerStats stats = tracer.stats();
        report("redis-cli -s", 6, server, List.of(), stats);
        assertEquals(List.of("SET greeting -> OK", "GET greeting -> bulk(5)", "INCR greeting -> ERR", "SET big -> OK",
            "STRLEN big -> " + size, "GET big -> bulk(" + size + ")"), server.stream().map(Exchange::summary).toList());
        assertTrue(server.stream().allMatch(e -> e.connection().role() == Role.SERVER), server.toString());
        assertEquals(socket, server.get(0).attribute("server.address"));
        assertEquals("ERR", server.get(2).attribute("db.response.status_code"));
        assertEquals("ERR", server.get(2).attribute("error.type"));
        Exchange setBig = server.get(3);
        assertTrue((long) setBig.attribute("redis.request.bytes") > size, setBig.toString());
        assertTrue(((String) setBig.attribute("db.query.text")).length() < 200, "a cut value, never the whole");
        assertEquals((long) size, server.get(5).attribute("redis.response.length"));
        assertEquals(0, stats.kernelRecordsLost());
        assertEquals(0, stats.parseFailures(), stats.toString());
        assertEquals(0, stats.messagesDropped(), stats.toString());
        assertTrue(stats.bytesNotCaptured() > 0, "the large value went past the capture cap: " + stats);
      }
    }
  }

  @Test
  void redisCliInResp3SwitchesWithHelloAndReadsAMap() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(redis.port).onMessage(collector).build()) {
        tracer.start();
        Commands.run(redis.cli("HSET", "h", "a", "1", "b", "2"));
        String map = Commands.run(redis.cli("-3", "HGETALL", "h"));
        assertTrue(map.contains("a") && map.contains("b"), map);

        for (Role role : List.of(Role.SERVER, Role.CLIENT)) {
          List<Exchange> side = collector.await(withOperation(role, redis), 3, 15);
          assertEquals(List.of("HSET h -> 2", "HELLO 3 -> map(7)", "HGETALL h -> map(2)"),
              side.stream().map(Exchange::summary).toList(), role.toString());
          assertEquals("map", side.get(2).attribute("redis.response.type"));
          assertEquals(2L, side.get(2).attribute("redis.response.length"));
        }
        assertEquals(0, tracer.stats().parseFailures(), tracer.stats().toString());
        assertEquals(0, tracer.stats().messagesDropped(), tracer.stats().toString());
      }
    }
  }

  @Test
  void subscriberSeesEachPublishedMessageAsAPushOnBothSides() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(redis.port).onMessage(collector).build()) {
        tracer.start();
        Process subscriber = new ProcessBuilder(redis.cli("SUBSCRIBE", "news", "sport"))
            .redirectErrorStream(true).redirectOutput(dir.resolve("subscriber.out").toFile()).start();
        try {
          awaitSubscribers(redis, "news");
          assertEquals("1", Commands.run(redis.cli("PUBLISH", "news", "hello readers")).strip());
          assertEquals("1", Commands.run(redis.cli("PUBLISH", "sport", "goal")).strip());

          for (Role role : List.of(Role.SERVER, Role.CLIENT)) {
            Predicate<Exchange> pubSub = e -> onRedis(e, redis, role)
                && (e.summary().startsWith("push") || "SUBSCRIBE".equals(e.attribute("db.operation.name")));
            List<Exchange> side = collector.await(pubSub, 3, 15);
            assertEquals(List.of("SUBSCRIBE news -> 2 confirmations, 2 subscribed", "push message news", "push message sport"),
                side.stream().map(Exchange::summary).toList(), role.toString());
            assertEquals("news", side.get(1).attribute("redis.push.channel"));
            assertEquals(13L, side.get(1).attribute("redis.push.payload.size"));
            assertEquals(side.get(0).connection(), side.get(2).connection(), "pushes on the subscriber's connection");
          }
          List<Exchange> publishes = collector.await(e -> onRedis(e, redis, Role.SERVER)
              && "PUBLISH".equals(e.attribute("db.operation.name")), 2, 5);
          assertEquals(List.of("PUBLISH news -> 1", "PUBLISH sport -> 1"), publishes.stream().map(Exchange::summary).toList());
        } finally {
          subscriber.destroy();
          assertTrue(subscriber.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(0, tracer.stats().parseFailures(), tracer.stats().toString());
      }
    }
  }

  @Test
  void multiExecQueuesCommandsAndExecAnswersThemAll() throws Exception {
    try (RedisServer redis = RedisServer.start(dir)) {
      Path script = dir.resolve("transaction.txt");
      Files.writeString(script, "MULTI\nSET counter 1\nINCR counter\nEXEC\n");
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(redis.port).onMessage(collector).build()) {
        tracer.start();
        String output = run(redis.cli(), script);
        assertTrue(output.contains("QUEUED"), output);

        List<String> transaction = List.of("MULTI -> OK", "SET counter -> QUEUED", "INCR counter -> QUEUED", "EXEC -> array(2)");
        // redis-cli reading commands from its input first asks for COMMAND DOCS: a reply of about
        // 170 KB in arrays of small strings. The server writes it in calls past the 64 KiB capture
        // cap, so that side loses it and drops its exchange; the client reads it 16 KiB at a time.
        List<Exchange> server = collector.await(withOperation(Role.SERVER, redis), 4, 15);
        assertEquals(transaction, server.stream().map(Exchange::summary).toList());
        List<Exchange> client = collector.await(withOperation(Role.CLIENT, redis), 5, 15);
        assertEquals(5, client.size(), client.toString());
        assertTrue(client.get(0).summary().startsWith("COMMAND DOCS -> array("), client.toString());
        assertTrue((long) client.get(0).attribute("redis.response.bytes") > 100_000, client.toString());
        assertEquals(transaction, client.subList(1, 5).stream().map(Exchange::summary).toList());
        TracerStats stats = tracer.stats();
        assertEquals(0, stats.parseFailures(), stats.toString());
        assertEquals(1, stats.messagesDropped(), stats.toString());
        assertEquals(1L, stats.lossReasons().get("redis: reply cut by a gap"), stats.toString());
      }
    }
  }

  private static void awaitSubscribers(RedisServer redis, String channel) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      if (Commands.run(redis.cli("PUBSUB", "NUMSUB", channel)).strip().endsWith("1")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no subscriber on " + channel);
  }

  /** Runs a client with {@code input} as its standard input; returns what it printed. */
  private static String run(List<String> command, Path input) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(input.toFile()).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
    assertEquals(0, process.exitValue(), command + " failed:\n" + output);
    return output;
  }

  private static long completed(String benchmarkOutput) {
    Matcher matcher = COMPLETED.matcher(benchmarkOutput);
    long total = 0;
    while (matcher.find()) {
      total += Long.parseLong(matcher.group(1));
    }
    return total;
  }

  private static boolean onRedis(Exchange e, RedisServer redis, Role role) {
    return "redis".equals(e.protocol()) && e.connection().role() == role
        && e.connection().transport() == Transport.TCP
        && io.sockscope.Connection.port(e.connection().serverAddress()) == redis.port;
  }

  private static Predicate<Exchange> withOperation(Role role, RedisServer redis) {
    return e -> onRedis(e, redis, role) && e.attribute("db.operation.name") != null;
  }

  private static Predicate<Exchange> operation(Role role, RedisServer redis, String name) {
    return e -> onRedis(e, redis, role) && name.equals(e.attribute("db.operation.name"));
  }

  private static void assertNothingLost(TracerStats stats) {
    assertEquals(0, stats.kernelRecordsLost(), "the ring lost records: " + stats);
    assertEquals(0, stats.bytesLostInGaps(), stats.toString());
    assertEquals(0, stats.parseFailures(), stats.toString());
    assertEquals(0, stats.parserErrors(), stats.toString());
    assertEquals(0, stats.messagesDropped(), stats.toString());
  }

  /** What the lead's report needs: requests sent against exchanges seen, per side, and the losses. */
  private static void report(String run, long sent, List<Exchange> server, List<Exchange> client, TracerStats stats) {
    System.out.printf("redis %s: sent %d, server-side exchanges %d, client-side exchanges %d, kernelRecordsLost %d,"
            + " bytesLostInGaps %d, bytesNotCaptured %d, parseFailures %d, messagesDropped %d, records %d%n",
        run, sent, server.size(), client.size(), stats.kernelRecordsLost(), stats.bytesLostInGaps(),
        stats.bytesNotCaptured(), stats.parseFailures(), stats.messagesDropped(), stats.records());
  }
}
