package io.sockscope.protocols.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SessionDriver;
import io.sockscope.protocols.testing.SplitInvariance;
import io.sockscope.protocols.testing.TestConnections;
import io.sockscope.spi.Direction;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed messages, lost bytes, and queries or answers without their other half. */
class DnsSessionEdgesTest {

  private static final DnsParser PARSER = new DnsParser();
  private static final Direction IN = Direction.RECEIVED;
  private static final Direction OUT = Direction.SENT;
  private static final InetSocketAddress CLIENT = DnsCaptures.CLIENT;
  private static final Connection TCP_SERVER = TestConnections.tcp(Role.SERVER, "dnsmasq", 15353, 40001);

  /** A query whose name is a pointer to itself. */
  private static byte[] pointerLoop() {
    return DnsMessages.header(77, 0x0100, 1, 0, 0, 0).pointer(12).u16(1).u16(1).toByteArray();
  }

  private static Capture udpServer() {
    return Capture.of(PARSER, DnsCaptures.udpServer());
  }

  @Test
  void aMalformedDatagramIsDroppedWithItsReasonAndLaterDatagramsStillPair() {
    RecordingContext context = udpServer()
        .datagram(IN, CLIENT, pointerLoop(), 1000)
        .datagram(IN, CLIENT, DnsMessages.header(78, 0x0100, 1, 0, 0, 0).u8(0xC0).u8(0xFF).u16(1).u16(1).toByteArray(), 1500)
        .datagram(IN, CLIENT, Arrays.copyOf(DnsCaptures.udpQuery(0), 20), 1700)
        .datagram(IN, CLIENT, DnsCaptures.udpQuery(0), 2000)
        .datagram(OUT, CLIENT, DnsCaptures.udpAnswer(0), 3000)
        .replay();

    assertEquals(List.of("compression pointer loop", "compression pointer out of bounds",
        "field past the end of the message"), context.dropped);
    assertEquals(List.of(), context.unparseable);
    assertEquals("A alpha.sockscope.test -> NOERROR 1 answer", context.onlyExchange().summary());
  }

  @Test
  void anAnswerWithoutItsQueryIsCountedNotEmitted() {
    RecordingContext context = udpServer().datagram(OUT, CLIENT, DnsCaptures.udpAnswer(0), 1000).replay();

    assertEquals(List.of("answer without query"), context.dropped);
    assertEquals(List.of(), context.exchanges);
  }

  @Test
  void anAnswerPairsOnlyWithAQueryFromTheSamePeer() {
    InetSocketAddress otherClient = TestConnections.loopback(40002);
    RecordingContext context = udpServer()
        .datagram(IN, otherClient, DnsCaptures.udpQuery(0), 1000)
        .datagram(IN, CLIENT, DnsCaptures.udpQuery(0), 2000)
        .datagram(OUT, CLIENT, DnsCaptures.udpAnswer(0), 3000)
        .datagram(OUT, otherClient, DnsCaptures.udpAnswer(0), 4000)
        .replay();

    assertEquals(2, context.exchanges.size());
    assertEquals(40001L, context.exchanges.get(0).attribute("client.port"));
    assertEquals(2000, context.exchanges.get(0).startNanos());
    assertEquals(40002L, context.exchanges.get(1).attribute("client.port"));
    assertEquals(1000, context.exchanges.get(1).startNanos());
    assertEquals(List.of(), context.dropped);
  }

  @Test
  void aResentQueryKeepsTheFirstOnesStart() {
    RecordingContext context = udpServer()
        .datagram(IN, CLIENT, DnsCaptures.udpQuery(0), 1000)
        .datagram(IN, CLIENT, DnsCaptures.udpQuery(0), 2000)
        .datagram(OUT, CLIENT, DnsCaptures.udpAnswer(0), 3000)
        .close(4000)
        .replay();

    assertEquals(1000, context.onlyExchange().startNanos());
    assertEquals(List.of(), context.dropped);
  }

  @Test
  void unansweredQueriesAreDroppedWhenTooManyWaitWhenTheyExpireAndAtTheClose() {
    Capture capture = udpServer();
    for (int id = 0; id <= DnsLimits.MAX_PENDING_QUERIES; id++) {
      capture.datagram(IN, CLIENT, DnsMessages.query(id, "q" + id + ".example.test", 1), 1000 + id);
    }
    RecordingContext evicted = capture.replay();
    assertEquals(List.of("no answer"), evicted.dropped, "the oldest, beyond the limit");

    RecordingContext expired = udpServer()
        .datagram(IN, CLIENT, DnsMessages.query(1, "slow.example.test", 1), 1000)
        .datagram(IN, CLIENT, DnsMessages.query(2, "later.example.test", 1), 1000 + DnsLimits.QUERY_TIMEOUT_NANOS + 1)
        .replay();
    assertEquals(List.of("no answer"), expired.dropped, "the first waited too long");

    RecordingContext closed = capture.close(1_000_000).replay();
    assertEquals(Collections.nCopies(DnsLimits.MAX_PENDING_QUERIES + 1, "no answer"), closed.dropped);
  }

  @Test
  void aDatagramCutByTheCaptureLimitStillMakesItsExchange() {
    RecordingContext context = new RecordingContext(DnsCaptures.udpServer());
    SessionDriver driver = new SessionDriver(PARSER.newSession(context));
    byte[] answer = DnsCaptures.udpAnswer(2);
    int cut = 60;

    driver.datagram(IN, CLIENT, DnsCaptures.udpQuery(2), 0, 1000);
    driver.datagram(OUT, CLIENT, Arrays.copyOf(answer, cut), answer.length - cut, 2000);

    Exchange exchange = context.onlyExchange();
    assertEquals("A multi.sockscope.test -> NOERROR 2 answers", exchange.summary());
    assertEquals(2L, exchange.attribute("dns.answer.count"));
    assertEquals("192.0.2.21", exchange.attribute("dns.answers"), "the answer captured whole");
  }

  @Test
  void aMalformedTcpMessageMakesTheConnectionUnparseableAndNotTheNext() {
    RecordingContext broken = Capture.of(PARSER, TCP_SERVER)
        .received(DnsCaptures.framed(pointerLoop()), 1000)
        .received(DnsCaptures.framed(DnsCaptures.udpQuery(0)), 2000)
        .sent(DnsCaptures.framed(DnsCaptures.udpAnswer(0)), 3000)
        .replay();
    assertEquals(List.of("compression pointer loop"), broken.unparseable);
    assertEquals(List.of(), broken.exchanges);

    RecordingContext tooShort = Capture.of(PARSER, TCP_SERVER).received(new byte[] {0, 3, 1, 2, 3}, 1000).replay();
    assertEquals(List.of("message shorter than its header"), tooShort.unparseable);

    assertEquals(4, DnsCaptures.tcpOnServer().replay().exchanges.size(), "a later connection");
  }

  @Test
  void aTcpLengthAheadOfItsBytesWaitsForThem() {
    RecordingContext context = new RecordingContext(TCP_SERVER);
    SessionDriver driver = new SessionDriver(PARSER.newSession(context));

    driver.data(IN, new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1, 1, 0}, 1000);

    assertEquals(6, driver.unconsumedBytes(IN));
    assertEquals(List.of(), context.unparseable);
  }

  /** The keep-open conversation on the server's socket, with {@code lost} bytes lost at one point. */
  private static Capture tcpWithGap(boolean inAnswer, int keptOfMessage, long lost) {
    byte[] query = DnsCaptures.framed(DnsCaptures.udpQuery(2));
    byte[] answer = DnsCaptures.framed(DnsCaptures.udpAnswer(2));
    byte[] cut = inAnswer ? answer : query;
    Capture capture = Capture.of(PARSER, TCP_SERVER)
        .received(DnsCaptures.framed(DnsCaptures.udpQuery(0)), 1000)
        .sent(DnsCaptures.framed(DnsCaptures.udpAnswer(0)), 2000);
    if (!inAnswer) {
      capture.received(Arrays.copyOf(cut, keptOfMessage), 3000).gap(IN, lost, 3000);
      capture.received(Arrays.copyOfRange(cut, (int) Math.min(cut.length, keptOfMessage + lost), cut.length), 3500);
    } else {
      capture.received(query, 3000);
      capture.sent(Arrays.copyOf(cut, keptOfMessage), 4000).gap(OUT, lost, 4000);
      capture.sent(Arrays.copyOfRange(cut, (int) Math.min(cut.length, keptOfMessage + lost), cut.length), 4500);
    }
    if (!inAnswer) {
      capture.sent(answer, 4000);
    }
    return capture
        .received(DnsCaptures.framed(DnsCaptures.udpQuery(1)), 5000)
        .sent(DnsCaptures.framed(DnsCaptures.udpAnswer(1)), 6000)
        .close(7000);
  }

  @Test
  void bytesLostInsideAnAnswerDropItsExchangeAndTheFramingGoesOn() {
    for (int kept : new int[] {0, 1, 3, 10, 40}) {
      SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(tcpWithGap(true, kept + 5, 20));

      assertEquals(List.of("answer cut by a gap"), outcome.dropped(), "kept " + kept);
      assertEquals(List.of(), outcome.unparseable());
      assertEquals(2, outcome.exchanges().size());
      assertTrue(outcome.exchanges().get(1).startsWith("AAAA alpha.sockscope.test -> NOERROR 1 answer"));
    }
  }

  @Test
  void bytesLostInsideAQueryDropItsExchangeOnceAndItsAnswerIsIgnored() {
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(tcpWithGap(false, 10, 20));

    assertEquals(List.of("query cut by a gap"), outcome.dropped());
    assertEquals(List.of(), outcome.unparseable());
    assertEquals(2, outcome.exchanges().size());
  }

  @Test
  void bytesLostAcrossAMessageBoundaryEndTheSession() {
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(tcpWithGap(true, 10, 500));

    assertEquals(List.of("lost bytes across a message boundary"), outcome.unparseable());
    assertEquals(1, outcome.exchanges().size());
  }

  @Test
  void bytesLostBetweenMessagesEndTheSession() {
    RecordingContext context = Capture.of(PARSER, TCP_SERVER)
        .received(DnsCaptures.framed(DnsCaptures.udpQuery(0)), 1000)
        .gap(IN, 30, 1500)
        .replay();

    assertEquals(List.of("lost bytes across a message boundary"), context.unparseable);
  }
}
