package io.sockscope.protocols.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SessionDriver;
import io.sockscope.protocols.testing.SplitInvariance;
import io.sockscope.spi.Direction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed, truncated and huge input, lost bytes and closes, seen by the server's socket. */
class RedisMalformedAndLossTest {

  private static final String GET = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";

  private static Capture server() {
    return Capture.of(new RedisParser(), RedisConversations.server());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown type byte in a reply     | @x                  | unknown RESP type byte",
        "line without CR                  | +OK\\n              | line not ended by CRLF",
        "bulk length not a number         | $abc\\r\\n          | bulk_string length not a number of at most 4294967296",
        "huge bulk length                 | $99999999999\\r\\n  | bulk_string length not a number of at most 4294967296",
        "negative bulk length             | $-5\\r\\n           | bulk_string length not a number of at most 4294967296",
        "huge array count                 | *9999999999999\\r\\n| array count not a number of at most 4294967296",
        "string not ended by CRLF         | $1\\r\\nxyz         | string not followed by CRLF",
        "integer not a number             | :12a\\r\\n          | integer not a signed 64-bit decimal",
        "boolean not t or f               | #y\\r\\n            | boolean not t or f",
        "end of streamed aggregate alone  | .\\r\\n             | end of a streamed aggregate outside one",
      })
  void malformedRepliesMakeTheConnectionUnparseableWithAReason(String name, String reply, String reason) {
    RecordingContext context = server().received(GET, 1_000).sent(unescape(reply), 2_000).replay();

    assertEquals(List.of(reason), context.unparseable, name);
    assertEquals(List.of(), context.exchanges);
  }

  @Test
  void aCommandThatIsNotAnArrayOfBulkStringsIsMalformed() {
    RecordingContext context = server().received("*1\r\n:1\r\n", 1_000).replay();

    assertEquals(List.of("command is not an array of bulk strings"), context.unparseable);
  }

  @Test
  void aLineLongerThanTheLimitIsMalformedBeforeItIsWhole() {
    RecordingContext context = new RecordingContext(RedisConversations.server());
    SessionDriver driver = new SessionDriver(new RedisParser().newSession(context));
    driver.data(Direction.RECEIVED, GET.getBytes(StandardCharsets.US_ASCII), 1_000);
    driver.data(Direction.SENT, ("+" + "x".repeat(RedisLimits.MAX_LINE_BYTES + 1)).getBytes(StandardCharsets.US_ASCII), 2_000);

    assertEquals(List.of("line longer than 65536 bytes"), context.unparseable);
  }

  @Test
  void nestingBeyondTheLimitIsMalformed() {
    RecordingContext context = server().received(GET, 1_000).sent("*1\r\n".repeat(RedisLimits.MAX_NESTING + 1), 2_000).replay();

    assertEquals(List.of("aggregates nested deeper than 64"), context.unparseable);
  }

  @Test
  void aMalformedConnectionLeavesTheNextConnectionAlone() {
    RedisParser parser = new RedisParser();
    RecordingContext broken = Capture.of(parser, RedisConversations.server()).received(GET, 1_000).sent("@@@\r\n", 2_000).replay();
    RecordingContext next = Capture.of(parser, RedisConversations.server()).received(GET, 3_000).sent("$1\r\nv\r\n", 4_000).replay();

    assertEquals(1, broken.unparseable.size());
    assertEquals("GET k -> bulk(1)", next.onlyExchange().summary());
    assertEquals(List.of(), next.unparseable);
  }

  @Test
  void lostBytesInsideAStringAreSkippedAndTheExchangeKeepsTheFullLength() {
    Capture capture = server()
        .received("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$100000\r\n" + "v".repeat(1000), 1_000)
        .gap(Direction.RECEIVED, 98_000, 1_100)
        .received("v".repeat(1000) + "\r\n", 1_200)
        .sent("+OK\r\n", 1_300)
        .received(GET, 2_000)
        .sent("$100000\r\n" + "w".repeat(500), 2_100)
        .gap(Direction.SENT, 99_502, 2_200)
        .received(GET, 3_000)
        .sent("$-1\r\n", 3_100);
    List<Exchange> exchanges = replayedAtEverySplit(capture).exchanges;

    assertEquals(List.of("SET big -> OK", "GET k -> bulk(100000)", "GET k -> null"), exchanges.stream().map(Exchange::summary).toList());
    assertEquals("SET big vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv...",
        exchanges.get(0).attribute("db.query.text"));
    assertEquals(100_000L + 33, exchanges.get(0).attribute("redis.request.bytes"));
    assertEquals(100_000L, exchanges.get(1).attribute("redis.response.length"));
    assertEquals(100_000L + 11, exchanges.get(1).attribute("redis.response.bytes"));
    assertEquals(2_200L, exchanges.get(1).endNanos(), "the reply ended in the gap");
  }

  @Test
  void aCommandGapWithACommandWaitingDropsItAndSkipsRepliesUntilTheNextCommand() {
    // A client that does not pipeline sent the lost bytes after it read the waiting command's reply:
    // that reply was lost too, or is the one that comes, to one of the lost commands.
    Capture capture = server()
        .received(GET, 1_000)
        .gap(Direction.RECEIVED, 30, 1_100)
        .sent("+OK\r\n", 1_200)
        .received(GET, 2_000)
        .sent("$1\r\nv\r\n", 2_100);
    RecordingContext context = replayedAtEverySplit(capture);

    assertEquals(List.of("reply lost to a gap"), context.dropped);
    assertEquals(List.of("GET k -> bulk(1)"), context.summaries());
  }

  @Test
  void aGapThatCutsACommandOfAClientThatDoesNotPipelineCostsThatCommandOnly() {
    // The kernel could not queue the record holding "$1\r\n" of the second GET: it arrives cut.
    Capture capture = server()
        .received(GET, 1_000)
        .sent("$1\r\na\r\n", 1_100)
        .received("*2\r\n$3\r\nGET\r\n", 2_000)
        .gap(Direction.RECEIVED, 4, 2_050)
        .received("k\r\n", 2_100)
        .sent("$1\r\nb\r\n", 2_200)
        .received(GET, 3_000)
        .sent("$-1\r\n", 3_100);
    RecordingContext context = replayedAtEverySplit(capture);

    assertEquals(List.of("command cut by a gap"), context.dropped, "counted once: its reply is skipped");
    assertEquals(List.of("GET k -> bulk(1)", "GET k -> null"), context.summaries());
    assertEquals(3_000L, context.exchanges.get(1).startNanos());
  }

  @Test
  void aGapThatSwallowsWholeCommandsSkipsTheirRepliesAndTheNextCommandPairs() {
    Capture capture = server()
        .received(GET, 1_000)
        .sent("$1\r\na\r\n", 1_100)
        .gap(Direction.RECEIVED, 2 * GET.length(), 2_000)
        .sent("$1\r\nb\r\n", 2_100)
        .sent("$1\r\nc\r\n", 2_200)
        .received("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", 3_000)
        .sent("+OK\r\n", 3_100);
    RecordingContext context = replayedAtEverySplit(capture);

    assertEquals(List.of(), context.dropped, "lost whole in the gap: counted as its bytes");
    assertEquals(List.of("GET k -> bulk(1)", "SET k -> OK"), context.summaries());
  }

  @Test
  void afterACommandGapBytesUpToTheNextLineThatBeginsACommandAreSkipped() {
    // After the gap: the end of the cut command, then lines that begin with '*' or '$' but do not
    // begin a command; the next command starts the next call.
    Capture capture = server()
        .received("*2\r\n$3\r\nGET\r\n", 1_000)
        .gap(Direction.RECEIVED, 4, 1_050)
        .received("k\r\n*3\r\n$3\r\n\r\n*1\r\n$0\r\n", 1_100)
        .sent("$1\r\na\r\n", 1_200)
        .received(GET, 2_000)
        .sent("$-1\r\n", 2_100);
    RecordingContext context = replayedAtEverySplit(capture);

    assertEquals(List.of("command cut by a gap"), context.dropped);
    assertEquals(List.of("GET k -> null"), context.summaries());
    assertEquals(2_000L, context.exchanges.get(0).startNanos());
  }

  @Test
  void commandsHeldBehindLostBytesAndOfferedAfterLaterRepliesAreNotPairedWithTheNextReplies() {
    // The tracer holds bytes that come after a hole until it knows the hole for lost: the command
    // of 2_000 is offered after the reply of 2_100 that answered it, which found no command.
    Capture capture = server()
        .received(GET, 1_000)
        .sent("$1\r\na\r\n", 1_100)
        .sent("$1\r\nb\r\n", 2_100)
        .gap(Direction.RECEIVED, GET.length(), 2_200)
        .received(GET, 2_000)
        .received(GET, 3_000)
        .sent("$-1\r\n", 3_100);
    RecordingContext context = replayedAtEverySplit(capture);

    assertEquals(List.of("reply to an unseen command"), context.dropped);
    assertEquals(List.of("GET k -> bulk(1)", "GET k -> null"), context.summaries());
    assertEquals(3_000L, context.exchanges.get(1).startNanos());
  }

  @Test
  void aCommandGapOnAConnectionThatPipelinesEndsItWithAReason() {
    RecordingContext context = server()
        .received(GET + GET, 1_000)
        .sent("$1\r\na\r\n$1\r\nb\r\n", 1_100)
        .gap(Direction.RECEIVED, 30, 2_000)
        .received(GET, 2_100)
        .sent("$1\r\nc\r\n", 2_200)
        .replay();

    assertEquals(List.of("bytes lost outside a string"), context.unparseable);
    assertEquals(List.of("GET k -> bulk(1)", "GET k -> bulk(1)"), context.summaries());
  }

  @Test
  void lostReplyBytesWithSeveralCommandsWaitingEndTheConnectionWithAReason() {
    RecordingContext context = server().received(GET + GET, 1_000).sent("*2\r\n$1\r\na", 1_100)
        .gap(Direction.SENT, 30, 1_200).sent("+OK\r\n", 1_300).replay();

    assertEquals(List.of("bytes lost outside a string"), context.unparseable);
  }

  @Test
  void aReplyCutPastAStringCostsItsCommandAndTheNextCommandPairsAfresh() {
    Capture capture = server()
        .received("*2\r\n$7\r\nCOMMAND\r\n$4\r\nDOCS\r\n", 1_000)
        .sent("*480\r\n$9\r\ngeoradius\r\n*18\r\n$7\r\nsum", 1_100)
        .gap(Direction.SENT, 100_000, 1_200)
        .sent("mary\r\n$5\r\nhello\r\n*2\r\n", 1_300)
        .received(GET, 2_000)
        .sent("$5\r\nhello\r\n", 2_100)
        .received(GET, 3_000)
        .sent("$-1\r\n", 3_100);
    RecordingContext context = replayedAtEverySplit(capture);

    assertEquals(List.of("reply cut by a gap"), context.dropped);
    assertEquals(List.of("GET k -> bulk(5)", "GET k -> null"), context.summaries());
    assertEquals(2_000L, context.exchanges.get(0).startNanos());
  }

  @Test
  void commandsUnansweredAtCloseAreDroppedOnceEach() {
    RecordingContext context = server()
        .received(GET + GET + GET, 1_000)
        .sent("$1\r\na\r\n", 1_100)
        .received("*2\r\n$3\r\nGET", 1_200)
        .close(2_000)
        .replay();

    assertEquals(1, context.exchanges.size());
    assertEquals(List.of("command cut by close", "no reply before close", "no reply before close"), context.dropped);
  }

  @Test
  void aReplyToNoCommandIsDropped() {
    RecordingContext context = server().sent("+OK\r\n", 1_000).received(GET, 2_000).sent(":1\r\n", 3_000).replay();

    assertEquals(List.of("reply to an unseen command"), context.dropped);
    assertEquals("GET k -> 1", context.onlyExchange().summary());
  }

  @Test
  void beyondThePendingLimitTheOldestCommandsAreDroppedAndTheRestStillPair() {
    int extra = 3;
    int commands = RedisLimits.MAX_PENDING_COMMANDS + extra;
    StringBuilder sent = new StringBuilder();
    StringBuilder replies = new StringBuilder();
    for (int i = 0; i < commands; i++) {
      sent.append("*2\r\n$4\r\nINCR\r\n$").append(String.valueOf(i).length()).append("\r\n").append(i).append("\r\n");
      replies.append(':').append(i).append("\r\n");
    }
    RecordingContext context = server().received(sent.toString(), 1_000).sent(replies.toString(), 2_000).replay();

    assertEquals(RedisLimits.MAX_PENDING_COMMANDS, context.exchanges.size());
    assertEquals(extra, context.dropped.size());
    assertEquals("more than 1024 commands without reply", context.dropped.get(0));
    for (Exchange exchange : context.exchanges) {
      String key = ((String) exchange.attribute("db.query.text")).substring("INCR ".length());
      assertEquals("INCR " + key + " -> " + key, exchange.summary(), "each reply with its own command");
    }
  }

  @Test
  void aStringOfSeveralMebibytesIsConsumedAsItPassesNeverHeld() {
    RecordingContext context = new RecordingContext(RedisConversations.server());
    SessionDriver driver = new SessionDriver(new RedisParser().newSession(context));
    int size = 3 * 1024 * 1024;
    byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
    driver.data(Direction.RECEIVED, ("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII), 1_000);
    int maxUnconsumed = 0;
    for (int sent = 0; sent < size; sent += chunk.length) {
      driver.data(Direction.RECEIVED, chunk, 1_001);
      maxUnconsumed = Math.max(maxUnconsumed, driver.unconsumedBytes(Direction.RECEIVED));
    }
    driver.data(Direction.RECEIVED, "\r\n".getBytes(StandardCharsets.US_ASCII), 1_002);
    driver.data(Direction.SENT, "+OK\r\n".getBytes(StandardCharsets.US_ASCII), 1_003);
    driver.data(Direction.RECEIVED, "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII), 2_000);
    driver.data(Direction.SENT, ("$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII), 2_001);
    for (int sent = 0; sent < size; sent += chunk.length) {
      driver.data(Direction.SENT, chunk, 2_002);
      maxUnconsumed = Math.max(maxUnconsumed, driver.unconsumedBytes(Direction.SENT));
    }
    driver.data(Direction.SENT, "\r\n".getBytes(StandardCharsets.US_ASCII), 2_003);

    assertEquals(0, maxUnconsumed);
    assertEquals(List.of("SET big -> OK", "GET big -> bulk(3145728)"), context.summaries());
    String query = (String) context.exchanges.get(0).attribute("db.query.text");
    assertTrue(query.length() < 200, query);
    assertEquals((long) size, context.exchanges.get(1).attribute("redis.response.length"));
    assertEquals(2_003L, context.exchanges.get(1).endNanos());
  }

  private static String unescape(String s) {
    return s.strip().replace("\\r", "\r").replace("\\n", "\n");
  }

  /**
   * The capture replayed whole, once every way of splitting it into reads has been checked to give
   * the same outcome, and none to give the connection up.
   */
  private static RecordingContext replayedAtEverySplit(Capture capture) {
    assertEquals(List.of(), SplitInvariance.assertSameWhateverTheSplit(capture).unparseable());
    return capture.replay();
  }
}
