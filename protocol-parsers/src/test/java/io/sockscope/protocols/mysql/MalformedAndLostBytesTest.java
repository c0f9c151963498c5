package io.sockscope.protocols.mysql;

import static io.sockscope.protocols.mysql.MariaDbRecordings.*;
import static io.sockscope.protocols.mysql.Packets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SplitInvariance;
import io.sockscope.spi.Direction;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed packets, sequence ids out of order, lost bytes and cut conversations: a reason is
 * counted, nothing throws, and other connections are unaffected. The handshake of each capture is
 * the real one the command-line client had with mariadbd.
 */
class MalformedAndLostBytesTest {

  private final Conversation cli = MariaDbRecordings.load(CLI_SELECT_INSERT_ERROR);

  /** The server's socket after the real handshake: greeting, handshake response, OK. */
  private Capture afterHandshake() {
    Capture capture = Capture.of(new MySqlParser(), socket(Role.SERVER));
    for (int i = 0; i < 3; i++) {
      Conversation.Segment segment = cli.segments().get(i);
      capture.data(segment.fromClient() ? Direction.RECEIVED : Direction.SENT, segment.bytes(), 100 + i);
    }
    return capture;
  }

  @Test
  void unknownCommandByte() {
    RecordingContext context = afterHandshake().received(packet(0, hex("20")), 1_000).replay();
    assertEquals(List.of("unknown command"), context.unparseable);
    assertEquals(1, context.exchanges.size(), "the CONNECT before");
  }

  @Test
  void responseWithASequenceIdOutOfOrder() {
    RecordingContext context = afterHandshake()
        .received(query(0, "SELECT 1"), 1_000)
        .sent(okAffected(2, 0), 1_100)
        .replay();
    assertEquals(List.of("sequence id out of order"), context.unparseable);
    assertEquals(List.of("malformed response"), context.dropped);
  }

  @Test
  void hugeOrNegativeColumnCounts() {
    for (String count : new String[] {"fd 000001", "fe 00000000 00000080", "fc00", "fe"}) {
      RecordingContext context = afterHandshake()
          .received(query(0, "SELECT 1"), 1_000)
          .sent(packet(1, hex(count)), 1_100)
          .replay();
      assertEquals(List.of("malformed column count"), context.unparseable, count);
    }
  }

  @Test
  void continuationPacketWithTheWrongSequenceId() {
    byte[] first = packet(0, Collections.nCopies(Message.MAX_PACKET_PAYLOAD, "x").stream()
        .collect(java.util.stream.Collectors.joining()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    first[4] = 0x03;
    RecordingContext context = afterHandshake()
        .received(first, 1_000)
        .received(packet(5, hex("78")), 1_100)
        .replay();
    assertEquals(List.of("sequence id out of order in a continued payload"), context.unparseable);
  }

  @Test
  void malformedHandshakeResponseAndGreeting() {
    Capture badResponse = Capture.of(new MySqlParser(), socket(Role.SERVER))
        .sent(cli.segments().get(0).bytes(), 100)
        .received(packet(1, hex("00000000")), 200);
    assertEquals(List.of("malformed handshake response"), badResponse.replay().unparseable);
  }

  @Test
  void tooManyCommandsWithoutResponse() {
    Capture capture = afterHandshake();
    for (int i = 0; i <= MySqlLimits.MAX_PENDING_COMMANDS; i++) {
      capture.received(packet(0, hex("0e")), 1_000 + i);
    }
    RecordingContext context = capture.replay();
    assertEquals(List.of("more than 256 commands without response"), context.unparseable);
    assertEquals(MySqlLimits.MAX_PENDING_COMMANDS, context.dropped.size());
  }

  @Test
  void closeBeforeTheResponseDropsTheCommand() {
    RecordingContext context = afterHandshake()
        .received(query(0, "SELECT SLEEP(10)"), 1_000)
        .sent(packet(1, hex("01")), 1_100)
        .close(2_000)
        .replay();
    assertEquals(List.of("no response before close"), context.dropped);
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void responseToNoCommandIsCountedOnce() {
    RecordingContext context = afterHandshake()
        .sent(okAffected(1, 0), 1_000)
        .sent(okAffected(1, 0), 1_100)
        .received(packet(0, hex("0e")), 1_200)
        .sent(okAffected(1, 0), 1_300)
        .replay();
    assertEquals(List.of("response to an unseen command"), context.dropped);
    assertEquals("PING -> OK", context.exchanges.get(1).summary());
  }

  @Test
  void gapInsideALargeRowKeepsTheFraming() {
    byte[] row = concat(hex("fd a08601"), new byte[100_000]); // a 100,000-byte string
    byte[] rowPacket = packet(4, row);
    Capture capture = afterHandshake()
        .received(query(0, "SELECT REPEAT(0, 100000)"), 1_000)
        .sent(concat(oneColumnHeader(), java.util.Arrays.copyOf(rowPacket, 1_000)), 1_100)
        .gap(Direction.SENT, 90_000, 1_200)
        .sent(concat(java.util.Arrays.copyOfRange(rowPacket, 91_000, rowPacket.length), packet(5, hex("fe 0000 0200"))), 1_300);

    RecordingContext context = capture.replay();
    Exchange select = context.exchanges.get(1);
    assertEquals("SELECT REPEAT(0, 100000) -> 1 row", select.summary());
    assertEquals(1_300, select.endNanos());
    SplitInvariance.assertSameWhateverTheSplit(capture);
  }

  @Test
  void gapInsideALongQueryKeepsTheFirstKibibyteOfText() {
    String sql = "INSERT INTO items(name) VALUES ('" + "y".repeat(50_000) + "')";
    byte[] request = query(0, sql);
    RecordingContext context = afterHandshake()
        .received(java.util.Arrays.copyOf(request, 3_000), 1_000)
        .gap(Direction.RECEIVED, 40_000, 1_100)
        .received(java.util.Arrays.copyOfRange(request, 43_000, request.length), 1_200)
        .sent(okAffected(1, 1), 1_300)
        .replay();
    Exchange insert = context.exchanges.get(1);
    assertEquals(sql.substring(0, 1024), insert.attribute("db.query.text"));
    assertEquals(1L, insert.attribute("mysql.affected_rows"));
  }

  @Test
  void gapThatTakesAHeaderLosesTheFramingAndDropsTheWaitingCommand() {
    RecordingContext context = afterHandshake()
        .received(query(0, "SELECT a FROM t"), 1_000)
        .sent(oneColumnHeader(), 1_100)
        .gap(Direction.SENT, 500, 1_200)
        .sent(packet(9, hex("fe 0000 0200")), 1_300)
        .replay();
    assertEquals(List.of("response lost in a gap"), context.dropped);
    assertEquals(List.of("gap lost the packet framing"), context.unparseable);
  }

  @Test
  void aFailedConnectionLeavesTheNextOneAlone() {
    MySqlParser parser = new MySqlParser();
    RecordingContext broken = new RecordingContext(socket(Role.SERVER));
    parser.newSession(broken).onData(Direction.RECEIVED, java.nio.ByteBuffer.wrap(packet(0, hex("20"))), 1);
    assertEquals(List.of("unknown command"), broken.unparseable);

    RecordingContext next = MariaDbRecordings.load(ADMIN_PING).asStream(parser, socket(Role.SERVER)).replay();
    assertEquals(3, next.exchanges.size());
    assertEquals(List.of(), next.unparseable);
  }
}
