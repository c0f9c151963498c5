package io.sockscope.internal.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tracker with a line protocol: a request is a line starting with "Q", its response the next
 * line starting with "A". "BOOM" makes the parser throw, "BAD" makes it give up.
 */
class ConnectionTrackerTest {
  private static final ConnectionKey KEY = new ConnectionKey(42, 7, 1000);
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 9000);
  private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50000);

  private final StatsCounters stats = new StatsCounters();
  private final List<Exchange> exchanges = new ArrayList<>();
  private final List<String> gaps = new ArrayList<>();
  private final ConnectionTracker tracker = new ConnectionTracker(
      List.of(new LineParser()), new StreamLimits(4096, 1 << 20, 16), stats, exchanges::add);

  private void data(Direction direction, long position, String text, long size, long time) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    tracker.onData(KEY, direction, position, bytes, 0, bytes.length, size, time);
  }

  private void data(Direction direction, long position, String text, long time) {
    data(direction, position, text, text.length(), time);
  }

  private void open() {
    tracker.onOpen(KEY, new Connection(42, 7, 1000, "srv", Role.SERVER, LOCAL, REMOTE));
  }

  @Test
  void pairsRequestsAndResponsesAcrossSplitChunks() {
    open();
    data(Direction.RECEIVED, 0, "Qpi", 10);
    data(Direction.RECEIVED, 3, "ng\n", 11);
    data(Direction.SENT, 0, "Apong\n", 20);
    assertEquals(1, exchanges.size());
    assertEquals("Qping -> Apong", exchanges.get(0).summary());
    assertEquals(11, exchanges.get(0).startNanos());
    assertEquals(20, exchanges.get(0).endNanos());
    assertEquals("srv", exchanges.get(0).connection().command());
  }

  @Test
  void bytesThatNoParserRecognisesStopTheConnectionAndAreCounted() {
    open();
    data(Direction.RECEIVED, 0, "GET / HTTP/1.1\r\n", 10);
    data(Direction.RECEIVED, 16, "Qlater\n", 11);
    assertEquals(1, stats.connectionsWithoutProtocol.sum());
    assertEquals(0, exchanges.size());
  }

  @Test
  void notCapturedBytesReachTheParserAsAGapAndAreCounted() {
    open();
    data(Direction.RECEIVED, 0, "Qbig\n", 100, 10); // 95 bytes past the cap
    data(Direction.RECEIVED, 100, "Qnext\n", 12);
    assertEquals(List.of("RECEIVED 95"), gaps);
    assertEquals(95, stats.bytesNotCaptured.sum());
  }

  @Test
  void aHoleTheKernelLostBecomesAGapWhenItReportsLoss() {
    open();
    data(Direction.RECEIVED, 0, "Qa\n", 10);
    data(Direction.RECEIVED, 50, "Qb\n", 11); // bytes 3 to 49 never arrive
    assertEquals(List.of(), gaps);
    tracker.onKernelLoss(12);
    assertEquals(List.of("RECEIVED 47"), gaps);
    assertEquals(47, stats.bytesLostInGaps.sum());
  }

  @Test
  void aParserExceptionIsCountedAndDisablesOnlyItsConnection() {
    open();
    ConnectionKey other = new ConnectionKey(43, 7, 2000);
    data(Direction.RECEIVED, 0, "QBOOM\n", 10);
    byte[] ping = "Qping\n".getBytes(StandardCharsets.US_ASCII);
    byte[] pong = "Apong\n".getBytes(StandardCharsets.US_ASCII);
    tracker.onData(other, Direction.RECEIVED, 0, ping, 0, ping.length, ping.length, 11);
    tracker.onData(other, Direction.SENT, 0, pong, 0, pong.length, pong.length, 12);
    data(Direction.RECEIVED, 6, "Qafter\n", 13);
    data(Direction.SENT, 0, "Aafter\n", 14);
    assertEquals(1, stats.parserErrors.sum());
    assertEquals(java.util.Map.of("line: parser threw IllegalStateException", 1L), stats.reasons());
    assertEquals(1, exchanges.size(), "only the other connection's exchange");
    assertEquals(43, exchanges.get(0).connection().pid());
    assertEquals(2, stats.connectionsOpened.sum());
  }

  @Test
  void aParserThatGivesUpIsCountedAndFedNoMore() {
    open();
    data(Direction.RECEIVED, 0, "QBAD\n", 10);
    data(Direction.RECEIVED, 5, "Qping\n", 11);
    data(Direction.SENT, 0, "Apong\n", 12);
    assertEquals(1, stats.parseFailures.sum());
    assertEquals(java.util.Map.of("line: bad line", 1L), stats.reasons());
    assertEquals(0, exchanges.size());
  }

  @Test
  void processExitClosesItsConnectionsOnly() {
    open();
    tracker.onOpen(new ConnectionKey(43, 3, 5), new Connection(43, 3, 5, "x", Role.CLIENT, LOCAL, REMOTE));
    tracker.onProcessExit(42, 100);
    assertEquals(1, tracker.size());
    assertEquals(1, stats.connectionsClosed.sum());
  }

  @Test
  void dataWithoutAnOpenRecordIsTracedAsAnUnknownConnection() {
    data(Direction.SENT, 0, "Qhi\n", 10);
    data(Direction.RECEIVED, 0, "Ayo\n", 11);
    assertEquals(1, exchanges.size());
    assertEquals(Role.UNKNOWN, exchanges.get(0).connection().role());
  }

  /** Requests "Q...\n", responses "A...\n"; "BOOM" throws, "BAD" gives up. */
  private final class LineParser implements ProtocolParser {
    @Override
    public String protocol() {
      return "line";
    }

    @Override
    public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
      if (!firstBytes.hasRemaining()) {
        return Inference.NEED_MORE_BYTES;
      }
      byte first = firstBytes.get(firstBytes.position());
      return first == 'Q' || first == 'A' ? Inference.YES : Inference.NO;
    }

    @Override
    public ParserSession newSession(SessionContext context) {
      return new ParserSession() {
        private String request;
        private long requestTime;

        @Override
        public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
          int consumed = 0;
          for (int i = data.position(); i < data.limit(); i++) {
            if (data.get(i) != '\n') {
              continue;
            }
            byte[] line = new byte[i - data.position() - consumed];
            data.get(data.position() + consumed, line);
            String text = new String(line, StandardCharsets.US_ASCII);
            consumed = i - data.position() + 1;
            if (text.contains("BOOM")) {
              throw new IllegalStateException("boom");
            }
            if (text.contains("BAD")) {
              context.unparseable("bad line");
              return consumed;
            }
            if (text.startsWith("Q")) {
              request = text;
              requestTime = timestampNanos;
            } else if (request != null) {
              context.emit(Exchange.builder("line", context.connection())
                  .startNanos(requestTime).endNanos(timestampNanos).summary(request + " -> " + text).build());
              request = null;
            }
          }
          return consumed;
        }

        @Override
        public void onGap(Direction direction, long length, long timestampNanos) {
          gaps.add(direction + " " + length);
        }
      };
    }
  }
}
