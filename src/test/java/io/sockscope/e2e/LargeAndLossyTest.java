package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies far larger than what is copied per call, bodies that are never copied (sendfile), and
 * a kernel ring too small for the traffic: framing survives what is not captured, loss is
 * counted, and the tracer goes on parsing afterwards.
 */
@KernelTest
class LargeAndLossyTest {
  private static final int FIVE_MIB = 5 << 20;
  private static final int ONE_MIB = 1 << 20;
  private static final String WRITE_OUT = "%{http_code} %{size_download}\\n";

  @TempDir Path dir;

  @Test
  void aFiveMebibyteBodyPastTheCaptureCapIsFramedByItsLengthAndItsUncopiedBytesCounted() throws Exception {
    int captureCap = 8192; // below nginx's 32 KiB writes and curl's reads: every body call is cut
    try (Nginx nginx = Nginx.start(dir)) { // sendfile off: the body leaves through write/writev
      TracerStats stats = fetchBigBody(nginx, captureCap, "writev");
      assertEquals(0, stats.bytesLostInGaps(), stats.toString());
      assertTrue(stats.bytesNotCaptured() > FIVE_MIB, "most of the body, on both ends, past the cap: " + stats);
      assertTrue(stats.bytesNotCaptured() < 2L * FIVE_MIB, "only body bytes past the cap: " + stats);
      long accounted = stats.bytesCaptured() + stats.bytesNotCaptured();
      assertTrue(accounted >= 2L * FIVE_MIB && accounted < 2L * FIVE_MIB + 4096,
          "every byte of both ends captured or counted (body twice, plus headers): " + stats);
    }
  }

  @Test
  void aFiveMebibyteBodySentWithSendfileIsOneUncopiedSpanTheParserSkips() throws Exception {
    try (Nginx nginx = Nginx.start(dir, true)) {
      TracerStats stats = fetchBigBody(nginx, 65536, "sendfile");
      assertEquals(0, stats.bytesLostInGaps(), "sendfile's bytes are not captured, not lost: " + stats);
      assertTrue(stats.bytesNotCaptured() >= FIVE_MIB, "nginx's whole body went through sendfile: " + stats);
      assertEquals(0, stats.connectionsBypassed(), "sendfile does not bypass the capture: " + stats);
    }
  }

  @Test
  void aRingTooSmallForABurstCountsItsLossAndTheNextConnectionIsStillParsed() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.write(nginx.root.resolve("mib.bin"), randomBytes(ONE_MIB));
      Files.writeString(nginx.root.resolve("small.html"), "after the burst\n");
      ExchangeCollector collector = new ExchangeCollector();
      Tracer closedLater;
      TracerStats atTheEnd;
      try (Tracer tracer = TestTracers.builder().ports(nginx.port).ringBufferBytes(8192)
          .onMessage(collector).build()) {
        closedLater = tracer;
        tracer.start();
        List<String> burst = new ArrayList<>(List.of("curl", "-s", "-w", WRITE_OUT));
        for (int i = 0; i < 8; i++) {
          burst.addAll(List.of("-o", "/dev/null", nginx.url("/mib.bin?i=" + i)));
        }
        String curlSaw = Commands.run(burst);
        assertEquals(("200 " + ONE_MIB + "\n").repeat(8), curlSaw.strip() + "\n");
        Thread.sleep(500); // the reader catches up; the burst's connection is closed by now

        TracerStats afterBurst = tracer.stats();
        System.out.println("after the burst through an 8 KiB ring: " + afterBurst);
        assertTrue(afterBurst.kernelRecordsLost() > 0, "an 8 KiB ring cannot hold 30 KiB records: " + afterBurst);
        assertTrue(afterBurst.kernelBytesLost() > 0, afterBurst.toString());
        assertTrue(afterBurst.bytesLostInGaps() > 0 || afterBurst.messagesDropped() > 0,
            "the connections saw the loss as gaps or dropped messages: " + afterBurst);
        assertTrue(afterBurst.anyLoss());

        String small = Commands.run(List.of("curl", "-s", "-o", "/dev/null", "-w", WRITE_OUT, nginx.url("/small.html")));
        assertEquals("200 16", small.strip());
        List<Exchange> after = collector.await(path("/small.html"), 2, 10);
        assertEquals(2, after.size(), "the request after the burst, from both ends: " + collector.all());
        for (Exchange exchange : after) {
          assertEquals(200L, exchange.attribute("http.response.status_code"), exchange.toString());
          assertEquals(16L, exchange.attribute("http.response.body.size"), exchange.toString());
          assertEquals("GET", exchange.attribute("http.request.method"), exchange.toString());
        }
        List<Exchange> fromBurst = collector.all().stream().filter(path("/mib.bin")).toList();
        for (Exchange exchange : fromBurst) {
          for (Exchange late : after) {
            if (late.connection().role() == exchange.connection().role()) {
              assertNotEquals(exchange.connection(), late.connection(), "a new connection");
            }
          }
        }
        TracerStats end = tracer.stats();
        assertTrue(end.records() > afterBurst.records(), "the tracer kept reading: " + end);
        System.out.println("burst exchanges seen: " + fromBurst.size() + " of 16; at the end: " + end);
        atTheEnd = end;
      }
      TracerStats closed = closedLater.stats();
      assertTrue(closed.kernelRecordsLost() >= atTheEnd.kernelRecordsLost() && closed.kernelRecordsLost() > 0,
          "a closed tracer still reports the kernel's losses: " + closed);
      assertTrue(closed.kernelBytesLost() >= atTheEnd.kernelBytesLost(), closed.toString());
    }
  }

  /**
   * Traces curl fetching a 5 MiB body from nginx; checks that both ends saw it whole, with no
   * parse failure, drop or kernel loss, and returns the tracer's stats.
   */
  private TracerStats fetchBigBody(Nginx nginx, int captureCap, String how) throws Exception {
    Files.write(nginx.root.resolve("big.bin"), randomBytes(FIVE_MIB));
    ExchangeCollector collector = new ExchangeCollector();
    try (Tracer tracer = TestTracers.builder().ports(nginx.port).captureBytesPerCall(captureCap)
        .onMessage(collector).build()) {
      tracer.start();
      String curlSaw = Commands.run(List.of("curl", "-s", "-o", "/dev/null", "-w", WRITE_OUT, nginx.url("/big.bin")));
      assertEquals("200 " + FIVE_MIB, curlSaw.strip());

      List<Exchange> seen = collector.await(path("/big.bin"), 2, 15);
      assertEquals(2, seen.size(), "seen by nginx and by curl: " + collector.all());
      assertBigBody(seen, Role.SERVER);
      assertBigBody(seen, Role.CLIENT);

      TracerStats stats = tracer.stats();
      System.out.println("5 MiB with " + how + ": " + stats);
      assertEquals(0, stats.parseFailures(), stats.toString());
      assertEquals(0, stats.messagesDropped(), stats.toString());
      assertEquals(0, stats.kernelRecordsLost(), stats.toString());
      return stats;
    }
  }

  private static void assertBigBody(List<Exchange> seen, Role role) {
    Exchange exchange = seen.stream().filter(e -> e.connection().role() == role).findFirst()
        .orElseThrow(() -> new AssertionError("no " + role + " exchange in " + seen));
    assertEquals(200L, exchange.attribute("http.response.status_code"), exchange.toString());
    assertEquals((long) FIVE_MIB, exchange.attribute("http.response.body.size"), exchange.toString());
  }

  private static Predicate<Exchange> path(String path) {
    return e -> path.equals(e.attribute("url.path"));
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(42).nextBytes(bytes);
    return bytes;
  }
}
