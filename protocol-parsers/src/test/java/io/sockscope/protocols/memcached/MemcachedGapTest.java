package io.sockscope.protocols.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.spi.Direction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemcachedGapTest {

  private static Capture onServer() {
    return Capture.of(new MemcachedParser(), Recordings.server());
  }

  @Test
  void gapInsideATextDataBlockKeepsTheFramingAndTheDeclaredSize() {
    RecordingContext context =
        onServer()
            .received("set big 0 0 100000\r\n" + "x".repeat(1_000), 1_000)
            .gap(Direction.RECEIVED, 98_000, 1_100)
            .received("x".repeat(1_000) + "\r\n", 1_200)
            .sent("STORED\r\n", 1_300)
            .received("get big\r\n", 2_000)
            .sent("VALUE big 0 100000\r\n" + "x".repeat(500), 2_100)
            .gap(Direction.SENT, 99_000, 2_200)
            .sent("x".repeat(500) + "\r\nEND\r\n", 2_300)
            .replay();

    assertEquals(List.of("SET big -> STORED", "GET big -> 1/1 hit"), context.summaries());
    assertEquals(100_000L, context.exchanges.get(0).attribute("memcached.request.value.size"));
    assertEquals(100_000L, context.exchanges.get(1).attribute("memcached.response.value.size"));
    assertEquals(2_300, context.exchanges.get(1).endNanos());
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void gapThatEndsExactlyWithAValueEndsItAtTheGap() {
    RecordingContext context =
        onServer()
            .received("get big\r\n", 1_000)
            .sent("VALUE big 0 10\r\n", 1_100)
            .gap(Direction.SENT, 12, 1_200)
            .sent("END\r\n", 1_300)
            .replay();

    assertEquals("GET big -> 1/1 hit", context.onlyExchange().summary());
  }

  @Test
  void gapInsideABinaryValueKeepsTheFraming() {
    byte[] answer = MemcachedParserTest.BINARY_GET_ANSWER;
    RecordingContext context =
        onServer()
            .received(MemcachedParserTest.BINARY_GET, 1_000)
            .sent(answer, 1_100)
            .gap(Direction.SENT, 11, 1_200)
            .sent("\n".getBytes(), 1_300) // the value's 12th byte
            .received(MemcachedMalformedInputTest.noop(0x80, 2), 2_000)
            .sent(MemcachedMalformedInputTest.noop(0x81, 2), 2_100)
            .replay();

    assertEquals(List.of("GETK a.txt -> 1/1 hit", "NOOP -> OK"), context.summaries());
    assertEquals(12L, context.exchanges.get(0).attribute("memcached.response.value.size"));
  }

  @Test
  void gapInATextCommandLineGivesUp() {
    RecordingContext context =
        onServer()
            .received("get a\r\nget b", 1_000)
            .gap(Direction.RECEIVED, 5, 1_100)
            .received("c\r\n", 1_200)
            .replay();

    assertEquals(List.of("gap outside a value"), context.unparseable);
  }

  @Test
  void gapInABinaryHeaderGivesUp() {
    RecordingContext context =
        onServer()
            .received(Arrays.copyOf(MemcachedParserTest.BINARY_GET, 10), 1_000)
            .gap(Direction.RECEIVED, 19, 1_100)
            .replay();

    assertEquals(List.of("gap outside a value"), context.unparseable);
  }

  @Test
  void gapRunningPastTheValueGivesUp() {
    RecordingContext context =
        onServer()
            .received("get k\r\n", 1_000)
            .sent("VALUE k 0 10\r\nab", 1_100)
            .gap(Direction.SENT, 50, 1_200)
            .replay();

    assertEquals(List.of("gap outside a value"), context.unparseable);
  }

  @Test
  void gapBeforeTheFirstMessageGivesUp() {
    RecordingContext context = onServer().gap(Direction.RECEIVED, 100, 1_000).replay();

    assertEquals(List.of("gap before the first message"), context.unparseable);
  }
}
