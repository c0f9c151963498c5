package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx from Debian's package, driven by curl, traced by the real kernel programs. */
@KernelTest
class HttpTracingTest {
  private static final int CAPTURE_CAP = 16384;
  private static final String WRITE_OUT = "%{http_code} %{size_download} %{local_port}\\n";

  @TempDir Path dir;

  @Test
  void keepAliveExchangesCarryMethodPathStatusSizeLatencyProcessAndAddresses() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.writeString(nginx.root.resolve("small.html"), "<p>hello</p>\n".repeat(40));
      Files.write(nginx.root.resolve("medium.bin"), new byte[10_000]);
      Files.write(nginx.root.resolve("large.bin"), new byte[100_000]); // > the per-call capture cap
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(nginx.port)
          .captureBytesPerCall(CAPTURE_CAP).onMessage(collector).build()) {
        tracer.start();
        List<String> paths = List.of("/small.html", "/medium.bin", "/missing", "/large.bin");
        List<String> curl = new ArrayList<>(List.of("curl", "-s", "-w", WRITE_OUT));
        for (String path : paths) {
          curl.addAll(List.of("-o", "/dev/null", nginx.url(path)));
        }
        List<String[]> gets = lines(Commands.run(curl));
        List<String[]> heads = lines(Commands.run(List.of(
            "curl", "-s", "-I", "-o", "/dev/null", "-w", WRITE_OUT, nginx.url("/small.html"))));

        Set<Integer> workers = nginx.workerPids();
        List<Exchange> server = collector.await(side(Role.SERVER), 5, 15);
        List<Exchange> client = collector.await(side(Role.CLIENT), 5, 15);
        assertEquals(5, server.size(), "server-side exchanges: " + collector.all());
        assertEquals(5, client.size(), "client-side exchanges: " + collector.all());

        for (int i = 0; i < 4; i++) {
          String[] curlSaw = gets.get(i);
          assertExchange(server.get(i), "GET", paths.get(i), curlSaw, nginx.port);
          assertExchange(client.get(i), "GET", paths.get(i), curlSaw, nginx.port);
          assertTrue(workers.contains(server.get(i).connection().pid()), "pid of an nginx worker " + workers);
          assertEquals("nginx", server.get(i).connection().command());
          assertEquals("curl", client.get(i).connection().command());
        }
        assertEquals("200", gets.get(0)[0]);
        assertEquals("404", gets.get(2)[0]);
        assertEquals(100_000L, server.get(3).attribute("http.response.body.size"));
        assertExchange(server.get(4), "HEAD", "/small.html", new String[] {"200", "0", heads.get(0)[2]}, nginx.port);
        assertEquals(server.get(0).connection(), server.get(3).connection(), "one keep-alive connection");

        TracerStats stats = tracer.stats();
        if (TestTracers.attachMode() != io.sockscope.AttachMode.AUTO) {
          assertEquals(TestTracers.attachMode(), stats.attachMode(), "the backend asked for");
        }
        assertEquals(0, stats.kernelRecordsLost());
        assertEquals(0, stats.parseFailures());
        assertEquals(0, stats.bytesLostInGaps());
        assertTrue(stats.bytesNotCaptured() > 0, "the large body went past the capture cap: " + stats);
        assertTrue(stats.bytesNotCaptured() < 2 * 100_000, "only body bytes past the cap: " + stats);
      }
    }
  }

  @Test
  void keepAliveBurstOfOneHundredRequestsYieldsOneHundredExchanges() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.writeString(nginx.root.resolve("index.html"), "burst\n");
      Files.createDirectories(dir.resolve("bodies"));
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(nginx.port).onMessage(collector).build()) {
        tracer.start();
        List<String[]> curlSaw = lines(Commands.run(List.of("curl", "-s", "-w", WRITE_OUT,
            "-o", dir.resolve("bodies/#1").toString(), nginx.url("/index.html?i=[1-100]"))));
        assertEquals(100, curlSaw.size());

        List<Exchange> server = collector.await(side(Role.SERVER), 100, 20);
        assertEquals(100, server.size());
        for (int i = 0; i < 100; i++) {
          Exchange exchange = server.get(i);
          assertEquals(200L, exchange.attribute("http.response.status_code"));
          assertEquals("i=" + (i + 1), exchange.attribute("url.query"));
          assertEquals(6L, exchange.attribute("http.response.body.size"));
        }
        assertEquals(1, server.stream().map(Exchange::connection).distinct().count(), "all on one connection");
        assertEquals(100, collector.await(side(Role.CLIENT), 100, 5).size());
        assertFalse(tracer.stats().anyLoss(), tracer.stats().toString());
      }
    }
  }

  @Test
  void tcpOverIpv6IsTracedWithShortAddresses() throws Exception {
    Files.writeString(dir.resolve("six.html"), "over IPv6\n");
    int port = Nginx.freePort();
    Process python = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(port), "--bind", "::1")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    try {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(port).onMessage(collector).build()) {
        tracer.start();
        List<String[]> curlSaw = null;
        for (int attempt = 0; attempt < 50 && curlSaw == null; attempt++) { // until the server listens
          try {
            curlSaw = lines(Commands.run(List.of("curl", "-s", "-g", "-o", "/dev/null", "-w", WRITE_OUT,
                "http://[::1]:" + port + "/six.html")));
          } catch (AssertionError notYet) {
            Thread.sleep(100);
          }
        }
        List<Exchange> server = collector.await(side(Role.SERVER), 1, 10);
        assertEquals(1, server.size(), collector.all().toString());
        Exchange exchange = server.get(0);
        assertEquals("/six.html", exchange.attribute("url.path"));
        assertEquals(200L, exchange.attribute("http.response.status_code"));
        assertEquals(10L, exchange.attribute("http.response.body.size"));
        assertEquals("::1", exchange.attribute("server.address"));
        assertEquals((long) Integer.parseInt(curlSaw.get(0)[2]), exchange.attribute("client.port"));
        assertTrue(exchange.toString().contains("[::1]:" + port), exchange.toString());
      }
    } finally {
      python.destroy();
      python.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static Predicate<Exchange> side(Role role) {
    return e -> e.connection().role() == role && "http".equals(e.protocol());
  }

  private static void assertExchange(Exchange exchange, String method, String path, String[] curlSaw, int port) {
    String where = exchange.toString();
    assertEquals(method, exchange.attribute("http.request.method"), where);
    assertEquals(path, exchange.attribute("url.path"), where);
    assertEquals(Long.parseLong(curlSaw[0]), exchange.attribute("http.response.status_code"), where);
    assertEquals(Long.parseLong(curlSaw[1]), exchange.attribute("http.response.body.size"), where);
    assertTrue(exchange.latency().toNanos() > 0, where);
    assertEquals(new InetSocketAddress("127.0.0.1", port), exchange.connection().serverAddress(), where);
    assertEquals(new InetSocketAddress("127.0.0.1", Integer.parseInt(curlSaw[2])), exchange.connection().clientAddress(), where);
    assertEquals((long) port, exchange.attribute("server.port"), where);
    assertEquals("127.0.0.1", exchange.attribute("server.address"), where);
  }

  private static List<String[]> lines(String output) {
    List<String[]> lines = new ArrayList<>();
    for (String line : output.strip().split("\n")) {
      lines.add(line.strip().split(" "));
    }
    return lines;
  }
}
