package io.sockscope.protocols.mysql;

import static io.sockscope.protocols.mysql.MariaDbRecordings.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.SplitInvariance;
import io.sockscope.spi.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections the tracer meets in their middle (pooled connections opened before it started):
 * without the handshake, the parser learns from the packets themselves whether EOF packets follow
 * metadata, skips the server's bytes until the client's first command, and says {@code mysql}.
 */
class MidConnectionTest {

  /** The recording from segment {@code first} on, on a socket of unknown role. */
  private static Capture from(String name, int first) {
    Conversation conversation = MariaDbRecordings.load(name);
    Capture capture = Capture.of(new MySqlParser(), socket(Role.UNKNOWN));
    List<Conversation.Segment> segments = conversation.segments();
    for (int i = first; i < segments.size(); i++) {
      Conversation.Segment segment = segments.get(i);
      capture.data(segment.fromClient() ? Direction.SENT : Direction.RECEIVED, segment.bytes(), 1_000L * (i + 1));
    }
    return capture;
  }

  @Test
  void preparedStatementsWithoutEofPacketsSeenFromTheMiddle() {
    Capture capture = from(JDBC_PREPARED, 5); // from the first PREPARE on
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture);
    List<Exchange> exchanges = capture.replay().exchanges;

    assertEquals(List.of(), outcome.unparseable());
    assertEquals(List.of(
        "PREPARE SELECT id, name FROM items WHERE price > ? ORDER BY id -> statement 1",
        "EXECUTE SELECT id, name FROM items WHERE price > ? ORDER BY id -> 5 rows",
        "EXECUTE SELECT id, name FROM items WHERE price > ? ORDER BY id -> 4 rows",
        "EXECUTE SELECT id, name FROM items WHERE price > ? ORDER BY id -> 3 rows",
        "PREPARE UPDATE items SET price = price + ? WHERE id = ? -> statement 2",
        "EXECUTE UPDATE items SET price = price + ? WHERE id = ? -> OK, 1 affected",
        "QUIT -> no response"), exchanges.stream().map(Exchange::summary).toList());
    assertEquals("mysql", exchanges.get(0).attribute("db.system.name"));
    // the PREPARE ends with its last column definition (segment 6), not with the EXECUTE's response
    assertEquals(7_000, exchanges.get(0).endNanos());
  }

  @Test
  void aPrepareLastBeforeTheCloseIsEmittedAtTheClose() {
    Conversation conversation = MariaDbRecordings.load(JDBC_PREPARED);
    Capture capture = Capture.of(new MySqlParser(), socket(Role.UNKNOWN))
        .sent(conversation.segments().get(5).bytes(), 1_000)
        .received(conversation.segments().get(6).bytes(), 2_000)
        .close(3_000);
    Exchange prepare = capture.replay().onlyExchange();
    assertEquals("PREPARE", prepare.attribute("db.operation.name"));
    assertEquals(2_000, prepare.endNanos());
  }

  @Test
  void serverBytesBeforeTheFirstCommandAreSkipped() {
    Conversation conversation = MariaDbRecordings.load(CLI_FOUR_STATEMENTS);
    Capture capture = Capture.of(new MySqlParser(), socket(Role.CLIENT))
        .received(conversation.segments().get(4).bytes(), 1_000) // the tail of an unseen response
        .sent(conversation.segments().get(5).bytes(), 2_000)
        .received(conversation.segments().get(6).bytes(), 3_000);
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture);
    assertEquals(List.of(), outcome.dropped());
    assertEquals("SELECT COUNT(*) FROM items -> 1 row", capture.replay().onlyExchange().summary());
  }

  @Test
  void resultSetsWithEofPacketsSeenFromTheMiddle() {
    Capture capture = from(CLI_FOUR_STATEMENTS, 3);
    List<String> summaries = capture.replay().exchanges.stream().map(Exchange::summary).toList();
    assertEquals(List.of(
        "SELECT name FROM items WHERE id < 3 -> 2 rows",
        "SELECT COUNT(*) FROM items -> 1 row",
        "UPDATE items SET price = price WHERE id = 999 -> OK",
        "SELECT @@version_comment -> 1 row",
        "QUIT -> no response"), summaries);
  }
}
