package io.sockscope.protocols.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Exchange;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SplitInvariance;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemcachedMalformedInputTest {

  private static Capture onServer() {
    return Capture.of(new MemcachedParser(), Recordings.server());
  }

  @Test
  void controlBytesInACommandLineMakeTheConnectionUnparseable() {
    RecordingContext context = onServer().received("get k\u0001\u0002\r\n", 1_000).replay();

    assertEquals(List.of("command line holds control bytes"), context.unparseable);
    assertEquals(List.of(), context.exchanges);
  }

  @Test
  void aCommandLineBeyondTheLimitWithoutALineEndIsRefused() {
    String endless = "get " + "k".repeat(MemcachedLimits.MAX_LINE_BYTES);
    RecordingContext context = onServer().received(endless, 1_000).replay();

    assertEquals(List.of("command line too long"), context.unparseable);
  }

  @Test
  void aStorageLengthBeyondTheLargestItemIsNoDataBlockAndTheClientErrorPairs() {
    RecordingContext context =
        onServer()
            .received("set k 0 0 99999999999\r\n", 1_000)
            .sent("CLIENT_ERROR bad command line format\r\n", 1_100)
            .received("get k\r\n", 2_000)
            .sent("END\r\n", 2_100)
            .replay();

    assertEquals(List.of("SET k -> CLIENT_ERROR", "GET k -> 0/1 hit"), context.summaries());
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void aValueLengthBeyondTheLargestItemIsRefused() {
    RecordingContext context =
        onServer().received("get k\r\n", 1_000).sent("VALUE k 0 99999999999\r\n", 1_100).replay();

    assertEquals(List.of("bad VALUE line"), context.unparseable);
  }

  @Test
  void aStrayLineInAGetReplyIsRefused() {
    RecordingContext context =
        onServer().received("get k\r\n", 1_000).sent("STORED\r\n", 1_100).replay();

    assertEquals(List.of("unexpected line in a get reply"), context.unparseable);
  }

  @Test
  void aBinaryBodyLengthBeyondTheLimitIsRefused() {
    byte[] huge = MemcachedParserTest.BINARY_GET.clone();
    huge[8] = (byte) 0x7f; // total body length 0x7f000005
    RecordingContext context = onServer().received(huge, 1_000).replay();

    assertEquals(List.of("body length out of range"), context.unparseable);
  }

  @Test
  void aBinaryKeyLongerThanTheBodyIsRefused() {
    byte[] inconsistent = MemcachedParserTest.BINARY_GET.clone();
    inconsistent[11] = 2;
    RecordingContext context = onServer().received(inconsistent, 1_000).replay();

    assertEquals(List.of("extras and key longer than the body"), context.unparseable);
  }

  @Test
  void aResponseMagicInTheRequestDirectionIsRefused() {
    RecordingContext context =
        onServer()
            .received(MemcachedParserTest.BINARY_GET, 1_000)
            .received(MemcachedParserTest.BINARY_GET_ANSWER, 1_100)
            .replay();

    assertEquals(List.of("bad magic byte"), context.unparseable);
  }

  @Test
  void aRequestCutByTheCloseIsDroppedOnce() {
    RecordingContext context =
        onServer()
            .received("get a\r\n", 1_000)
            .sent("END\r\n", 1_100)
            .received("set b 0 0 10\r\nhal", 2_000)
            .close(3_000)
            .replay();

    assertEquals(List.of("GET a -> 0/1 hit"), context.summaries());
    assertEquals(List.of("no reply before close"), context.dropped);
  }

  @Test
  void aBinaryQuitWhoseAnswerTheClientNeverReadsIsAnExchangeWithoutReply() {
    byte[] quit = MemcachedMalformedInputTest.noop(0x80, 7);
    quit[1] = 0x07;
    RecordingContext context =
        Capture.of(new MemcachedParser(), Recordings.client())
            .sent(quit, 1_000)
            .close(2_000)
            .replay();

    Exchange exchange = context.onlyExchange();
    assertEquals("QUIT -> no reply", exchange.summary());
    assertEquals(true, exchange.attribute("memcached.noreply"));
    assertEquals(List.of(), context.dropped);
  }

  @Test
  void aReplyWithoutARequestIsDropped() {
    RecordingContext context = onServer().sent("STORED\r\n", 1_000).replay();

    assertEquals(List.of("reply to an unseen request"), context.dropped);
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void beyondTheLimitOfPendingTextRequestsTheOldestIsDroppedAndTheRestKeepTheirReplies() {
    int sent = MemcachedLimits.MAX_PENDING_REQUESTS + 1;
    RecordingContext context =
        onServer()
            .received("get k\r\n".repeat(sent - 1) + "get last\r\n", 1_000)
            .sent("END\r\n".repeat(sent - 1) + "VALUE last 0 1\r\nx\r\nEND\r\n", 2_000)
            .replay();

    assertEquals(List.of("more than 1024 requests without reply"), context.dropped);
    assertEquals(MemcachedLimits.MAX_PENDING_REQUESTS, context.exchanges.size());
    assertEquals("GET last -> 1/1 hit", context.exchanges.get(context.exchanges.size() - 1).summary());
  }

  @Test
  void beyondTheLimitOfPendingBinaryRequestsTheOldestIsDroppedAndTheRestPairByOpaque() {
    int sent = MemcachedLimits.MAX_PENDING_REQUESTS + 1;
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    ByteArrayOutputStream responses = new ByteArrayOutputStream();
    for (int i = 0; i < sent; i++) {
      requests.writeBytes(noop(0x80, i));
      responses.writeBytes(noop(0x81, i));
    }
    RecordingContext context =
        onServer().received(requests.toByteArray(), 1_000).sent(responses.toByteArray(), 2_000).replay();

    assertEquals(List.of("more than 1024 requests without reply"), context.dropped);
    assertEquals(MemcachedLimits.MAX_PENDING_REQUESTS, context.exchanges.size());
  }

  @Test
  void aMalformedConnectionLeavesTheNextOneUnaffected() {
    MemcachedParser parser = new MemcachedParser();
    RecordingContext bad =
        Capture.of(parser, Recordings.server()).received("get \u0000\r\n", 1_000).replay();
    RecordingContext good =
        Capture.of(parser, Recordings.server())
            .received("get k\r\n", 1_000)
            .sent("VALUE k 0 2\r\nhi\r\nEND\r\n", 1_100)
            .replay();

    assertEquals(List.of("command line holds control bytes"), bad.unparseable);
    assertEquals("GET k -> 1/1 hit", good.onlyExchange().summary());
  }

  @Test
  void pipelinedNoreplyCommandsComeOutInOrderWhateverTheSplit() {
    Capture capture =
        onServer()
            .received("get a\r\nset b 0 0 2 noreply\r\nhi\r\ndelete c noreply\r\nget b\r\n", 1_000)
            .sent("END\r\nVALUE b 0 2\r\nhi\r\nEND\r\n", 1_100);

    SplitInvariance.assertSameWhateverTheSplit(capture);
    RecordingContext context = capture.replay();
    assertEquals(
        List.of("GET a -> 0/1 hit", "SET b -> no reply", "DELETE c -> no reply", "GET b -> 1/1 hit"),
        context.summaries());
  }

  @Test
  void aMessageStartsWhenItsFirstByteCameEvenIfItsLineEndedLater() {
    Capture capture =
        onServer()
            .received("get a\r\nge", 1_000)
            .received("t b\r\n", 1_500)
            .sent("END\r\nE", 2_000)
            .sent("ND\r\n", 2_500);

    SplitInvariance.assertSameWhateverTheSplit(capture);
    RecordingContext context = capture.replay();
    assertEquals(List.of(1_000L, 1_000L), context.exchanges.stream().map(Exchange::startNanos).toList());
    assertEquals(List.of(2_000L, 2_500L), context.exchanges.stream().map(Exchange::endNanos).toList());
  }

  @Test
  void longQueryTextsAreTruncated() {
    String keys = " key".repeat(1_000);
    RecordingContext context = onServer().received("get" + keys + "\r\n", 1_000).sent("END\r\n", 1_100).replay();

    Exchange exchange = context.onlyExchange();
    String query = (String) exchange.attribute("db.query.text");
    assertEquals(MemcachedLimits.MAX_QUERY_TEXT_CHARS, query.length());
    assertEquals(1_000L, exchange.attribute("memcached.keys"));
  }

  /** A binary NOOP packet with the given magic and opaque. */
  static byte[] noop(int magic, int opaque) {
    byte[] packet = new byte[24];
    packet[0] = (byte) magic;
    packet[1] = 0x0a;
    java.nio.ByteBuffer.wrap(packet).putInt(12, opaque);
    return packet;
  }
}
