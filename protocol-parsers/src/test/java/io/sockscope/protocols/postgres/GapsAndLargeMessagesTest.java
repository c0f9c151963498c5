package io.sockscope.protocols.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SessionDriver;
import io.sockscope.spi.Direction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapsAndLargeMessagesTest {

  @Test
  void aRowOfThreeMegabytesIsConsumedAsItPassesNeverHeldWhole() {
    byte[] value = new byte[3 << 20];
    Arrays.fill(value, (byte) 'v');
    byte[] answer = PgMessages.concat(PgMessages.rowDescription("blob"), PgMessages.dataRow(value),
        PgMessages.commandComplete("SELECT 1"), PgMessages.ready());
    RecordingContext context = new RecordingContext(PgConnections.server());
    SessionDriver driver = new SessionDriver(new PostgresParser().newSession(context));
    driver.data(Direction.RECEIVED, PgMessages.startup("app", "files"), 1_000);
    driver.data(Direction.SENT, PgMessages.concat(PgMessages.authOk(), PgMessages.ready()), 2_000);
    driver.data(Direction.RECEIVED, PgMessages.query("SELECT blob FROM files WHERE id = 7"), 3_000);
    int mostUnconsumed = 0;
    for (int at = 0; at < answer.length; at += 65_536) {
      driver.data(Direction.SENT, Arrays.copyOfRange(answer, at, Math.min(answer.length, at + 65_536)), 4_000 + at);
      mostUnconsumed = Math.max(mostUnconsumed, driver.unconsumedBytes(Direction.SENT));
    }

    assertTrue(mostUnconsumed < 16, "at most a partial header left over: " + mostUnconsumed);
    Exchange exchange = context.exchanges.get(1);
    assertEquals(1L, exchange.attribute("db.response.returned_rows"));
    assertEquals(3_000, exchange.startNanos());
    assertEquals(4_000 + (answer.length - 1) / 65_536 * 65_536, exchange.endNanos());
  }

  @Test
  void aLongQueryTextIsReadFromItsFirstBytes() {
    String sql = "INSERT INTO docs VALUES ('" + "x".repeat(2 << 20) + "')";
    RecordingContext context = SyntheticConversations.loggedIn()
        .received(PgMessages.query(sql), 10_000)
        .sent(PgMessages.concat(PgMessages.commandComplete("INSERT 0 1"), PgMessages.ready()), 11_000)
        .replay();

    Exchange insert = context.exchanges.get(1);
    assertEquals(sql.substring(0, 1024), insert.attribute("db.query.text"));
    assertEquals(1L, insert.attribute("postgresql.affected_rows"));
  }

  @Test
  void bytesLostInsideARowAreSkippedAndTheFramingHolds() {
    RecordingContext context = SyntheticConversations.gapInsideALargeRow().replay();

    assertEquals(3, context.exchanges.size(), context.exchanges.toString());
    assertEquals(1L, context.exchanges.get(1).attribute("db.response.returned_rows"), "row values are only counted");
    assertEquals("SELECT 2", context.exchanges.get(2).attribute("db.query.text"));
    assertEquals(List.of(), context.dropped);
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void answersLostBetweenMessagesDropTheWaitingQueryAndTheNextIsReadAgain() {
    RecordingContext context = SyntheticConversations.gapBetweenAnswers().replay();

    assertEquals(List.of("response lost in a gap"), context.dropped);
    assertEquals(2, context.exchanges.size(), context.exchanges.toString());
    Exchange next = context.exchanges.get(1);
    assertEquals("SELECT b FROM t", next.attribute("db.query.text"));
    assertEquals(1L, next.attribute("db.response.returned_rows"));
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void requestsLostAreCountedOnceAndTheirAnswersIgnored() {
    RecordingContext context = SyntheticConversations.gapInRequests().replay();

    assertEquals(List.of("request lost in a gap"), context.dropped);
    assertEquals(2, context.exchanges.size(), context.exchanges.toString());
    assertEquals("SELECT 3", context.exchanges.get(1).attribute("db.query.text"));
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void aQueryCutByAGapIsDroppedButItsAnswerKeepsTheOrder() {
    byte[] query = PgMessages.query("SELECT '" + "q".repeat(20_000) + "'");
    Capture capture = SyntheticConversations.loggedIn()
        .received(Arrays.copyOfRange(query, 0, 9_000), 10_000)
        .gap(Direction.RECEIVED, 2_000, 10_500)
        .received(Arrays.copyOfRange(query, 11_000, query.length), 11_000)
        .sent(PgMessages.concat(PgMessages.commandComplete("SELECT 1"), PgMessages.ready()), 12_000)
        .received(PgMessages.query("SELECT 4"), 13_000)
        .sent(PgMessages.concat(PgMessages.commandComplete("SELECT 1"), PgMessages.ready()), 14_000);
    RecordingContext context = capture.replay();

    assertEquals(List.of("request cut by a gap"), context.dropped);
    assertEquals(2, context.exchanges.size());
    assertEquals("SELECT 4", context.exchanges.get(1).attribute("db.query.text"));
  }
}
