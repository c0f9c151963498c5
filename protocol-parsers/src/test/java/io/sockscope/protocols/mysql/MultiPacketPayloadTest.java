package io.sockscope.protocols.mysql;

import static io.sockscope.protocols.mysql.MariaDbRecordings.*;
import static io.sockscope.protocols.mysql.Packets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SessionDriver;
import io.sockscope.protocols.testing.SplitInvariance;
import io.sockscope.spi.Direction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payloads of 16 MiB and more, split into packets of 0xFFFFFF bytes as the protocol does, built from
 * the real INSERT the command-line client sent (made longer) and mariadbd's real answers. They go
 * through 64 KiB at a time, as the tracer hands them over, and the session consumes every byte as it
 * comes: nothing is buffered whole.
 */
class MultiPacketPayloadTest {

  private static final int CALL_BYTES = 64 * 1024;

  private final Conversation cli = MariaDbRecordings.load(CLI_SELECT_INSERT_ERROR);

  /** The recorded INSERT with its string value grown so that the payload is {@code length} bytes. */
  private byte[] insertPayload(int length) {
    byte[] recorded = cli.segments().get(5).bytes(); // 03 INSERT INTO items(name, price) VALUES ('fig', 5), ('kiwi', 6)
    String sql = new String(recorded, 5, recorded.length - 5, StandardCharsets.UTF_8);
    String head = sql.substring(0, sql.indexOf("'fig'") + 1);
    String tail = sql.substring(sql.indexOf("'fig'") + 4);
    byte[] payload = new byte[length];
    payload[0] = 0x03;
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(headBytes, 0, payload, 1, headBytes.length);
    Arrays.fill(payload, 1 + headBytes.length, length - tailBytes.length, (byte) 'f');
    System.arraycopy(tailBytes, 0, payload, length - tailBytes.length, tailBytes.length);
    return payload;
  }

  /** The server's socket after the recorded handshake. */
  private SessionDriver afterHandshake(RecordingContext context) {
    SessionDriver driver = new SessionDriver(new MySqlParser().newSession(context));
    for (int i = 0; i < 3; i++) {
      Conversation.Segment segment = cli.segments().get(i);
      driver.data(segment.fromClient() ? Direction.RECEIVED : Direction.SENT, segment.bytes(), 100 + i);
    }
    return driver;
  }

  private static void feed(SessionDriver driver, Direction direction, byte[] bytes, long nanos) {
    for (int offset = 0; offset < bytes.length; offset += CALL_BYTES) {
      driver.data(direction, Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + CALL_BYTES)), nanos);
      assertEquals(0, driver.unconsumedBytes(direction), "every byte consumed as it comes");
    }
  }

  @Test
  void queryOverSixteenMebibytesIsFramedAcrossPacketsAndItsTextCut() {
    byte[] payload = insertPayload(Message.MAX_PACKET_PAYLOAD + 1000);
    byte[] request = split(0, payload);
    assertEquals(1, request[Message.MAX_PACKET_PAYLOAD + 4 + 3], "the second packet has seq 1");
    RecordingContext context = new RecordingContext(socket(Role.SERVER));
    SessionDriver driver = afterHandshake(context);

    feed(driver, Direction.RECEIVED, request, 1_000);
    feed(driver, Direction.SENT, okAffected(2, 2), 2_000); // the answer continues the sequence: 2

    Exchange insert = context.exchanges.get(1);
    String text = (String) insert.attribute("db.query.text");
    assertEquals(MySqlLimits.MAX_QUERY_TEXT_BYTES, text.length());
    assertEquals("INSERT INTO items(name, price) VALUES ('ffff", text.substring(0, 44));
    assertEquals("INSERT", insert.attribute("db.operation.name"));
    assertEquals(2L, insert.attribute("mysql.affected_rows"));
    assertEquals(1_000, insert.startNanos());
    assertEquals(2_000, insert.endNanos());
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void payloadOfExactlyMaxPacketLengthEndsWithAnEmptyPacket() {
    byte[] request = split(0, insertPayload(Message.MAX_PACKET_PAYLOAD));
    assertEquals(Message.MAX_PACKET_PAYLOAD + 8, request.length, "a full packet, then an empty one");
    RecordingContext context = new RecordingContext(socket(Role.SERVER));
    SessionDriver driver = afterHandshake(context);

    feed(driver, Direction.RECEIVED, request, 1_000);
    assertEquals(1, context.exchanges.size(), "waiting for the answer");
    feed(driver, Direction.SENT, okAffected(2, 2), 2_000);

    assertEquals("OK, 2 affected", context.exchanges.get(1).summary().replaceAll(".* -> ", ""));
  }

  @Test
  void rowOverSixteenMebibytesStartingWith0xFeIsARowNotTheEnd() {
    // A text row whose one column is a string of 2^24 + 100 bytes: length-encoded with 0xFE.
    int stringLength = (1 << 24) + 100;
    byte[] row = new byte[9 + stringLength];
    row[0] = (byte) 0xfe;
    row[1] = 100;
    row[4] = 1;
    byte[] response = concat(oneColumnHeader(), split(4, row));
    int nextSeq = 4 + row.length / Message.MAX_PACKET_PAYLOAD + 1;
    response = concat(response, packet(nextSeq, hex("fe 0000 0200")));
    RecordingContext context = new RecordingContext(socket(Role.SERVER));
    SessionDriver driver = afterHandshake(context);

    feed(driver, Direction.RECEIVED, query(0, "SELECT big FROM blobs"), 1_000);
    feed(driver, Direction.SENT, response, 2_000);

    assertEquals("SELECT big FROM blobs -> 1 row", context.exchanges.get(1).summary());
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void splittingAroundThePacketBoundaryChangesNothing() {
    byte[] request = split(0, insertPayload(Message.MAX_PACKET_PAYLOAD + 10));
    Capture capture = Capture.of(new MySqlParser(), socket(Role.SERVER));
    for (int i = 0; i < 3; i++) {
      Conversation.Segment segment = cli.segments().get(i);
      capture.data(segment.fromClient() ? Direction.RECEIVED : Direction.SENT, segment.bytes(), 100 + i);
    }
    capture.received(request, 1_000).sent(okAffected(2, 2), 2_000);
    SplitInvariance.Outcome whole = SplitInvariance.Outcome.of(capture.replay());
    int boundary = Message.MAX_PACKET_PAYLOAD + 4;
    for (int offset : new int[] {1, 3, 4, 5, 1029, boundary - 1, boundary, boundary + 1, boundary + 3, boundary + 4}) {
      assertEquals(whole, SplitInvariance.Outcome.of(capture.replaySplitAt(new Capture.SplitPoint(3, offset))), "split at " + offset);
    }
    assertEquals(2, whole.exchanges().size());
  }
}
