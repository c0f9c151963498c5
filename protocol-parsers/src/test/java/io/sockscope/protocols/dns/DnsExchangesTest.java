package io.sockscope.protocols.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SplitInvariance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exchanges of real dig and dnsmasq conversations, and their every field. */
class DnsExchangesTest {

  @Test
  void udpQueriesOnTheServersUnconnectedSocketTakeTheClientFromEachDatagramsPeer() {
    RecordingContext context = DnsCaptures.udpOnServer().replay();

    assertEquals(11, context.exchanges.size(), context.exchanges.toString());
    assertEquals(List.of(), context.dropped);
    assertEquals(List.of(), context.unparseable);
    for (Exchange exchange : context.exchanges) {
      assertEquals("127.0.0.1", exchange.attribute("client.address"), exchange.toString());
      assertEquals((long) DnsCaptures.CLIENT_PORT, exchange.attribute("client.port"));
      assertEquals("127.0.0.1", exchange.attribute("server.address"));
      assertEquals((long) DnsCaptures.SERVER_PORT, exchange.attribute("server.port"));
      assertEquals("udp", exchange.attribute("network.transport"));
      assertEquals("dns", exchange.protocol());
    }
    assertUdpAnswers(context.exchanges);
  }

  @Test
  void udpQueriesOnTheClientsConnectedSocketMakeTheSameExchanges() {
    RecordingContext context = DnsCaptures.udpOnClient().replay();

    assertEquals(11, context.exchanges.size());
    assertEquals(List.of(), context.dropped);
    Exchange first = context.exchanges.get(0);
    assertEquals("127.0.0.1", first.attribute("server.address"));
    assertEquals((long) DnsCaptures.SERVER_PORT, first.attribute("server.port"));
    assertEquals((long) DnsCaptures.CLIENT_PORT, first.attribute("client.port"));
    assertUdpAnswers(context.exchanges);
  }

  @Test
  void firstExchangeCarriesEveryAttribute() {
    Exchange exchange = DnsCaptures.udpOnServer().replay().exchanges.get(0);

    assertEquals("A alpha.sockscope.test -> NOERROR 1 answer", exchange.summary());
    assertEquals("alpha.sockscope.test", exchange.attribute("dns.question.name"));
    assertEquals("A", exchange.attribute("dns.question.type"));
    assertEquals("IN", exchange.attribute("dns.question.class"));
    assertEquals("NOERROR", exchange.attribute("dns.response_code"));
    assertEquals("192.0.2.10", exchange.attribute("dns.answers"));
    assertEquals(1L, exchange.attribute("dns.answer.count"));
    assertEquals(1L, exchange.attribute("dns.authority.count"));
    assertEquals(1L, exchange.attribute("dns.additional.count"), "the EDNS OPT record");
    assertEquals(0x5f19L, exchange.attribute("dns.id"));
    assertEquals("QUERY", exchange.attribute("dns.opcode"));
    assertEquals("qr aa rd", exchange.attribute("dns.flags"));
    assertNull(exchange.attribute("error.type"));
    assertEquals(1000, exchange.startNanos(), "the query's datagram");
    assertEquals(2000, exchange.endNanos(), "the answer's datagram");
  }

  @Test
  void tcpKeepOpenConnectionMakesOneExchangePerQueryOnEitherSide() {
    for (var capture : List.of(DnsCaptures.tcpOnServer(), DnsCaptures.tcpOnClient(), DnsCaptures.tcpOnUnknownRole())) {
      SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture);
      RecordingContext context = capture.replay();

      assertEquals(List.of(), outcome.dropped());
      assertEquals(List.of(), outcome.unparseable());
      List<String> summaries = context.summaries();
      assertEquals(List.of(
          "A alpha.sockscope.test -> NOERROR 1 answer",
          "A multi.sockscope.test -> NOERROR 2 answers",
          "AAAA alpha.sockscope.test -> NOERROR 1 answer",
          "A nope.sockscope.test -> NXDOMAIN"), summaries);
      assertEquals("192.0.2.22, 192.0.2.21", context.exchanges.get(1).attribute("dns.answers"));
      assertEquals("2001:db8::10", context.exchanges.get(2).attribute("dns.answers"));
      for (int i = 0; i < 4; i++) {
        Exchange exchange = context.exchanges.get(i);
        assertEquals("tcp", exchange.attribute("network.transport"));
        assertEquals((long) DnsCaptures.SERVER_PORT, exchange.attribute("server.port"), capture.connection().toString());
        assertEquals((long) DnsCaptures.CLIENT_PORT, exchange.attribute("client.port"));
        assertEquals(1000L + 2000 * i, exchange.startNanos());
        assertEquals(2000L + 2000 * i, exchange.endNanos());
        assertEquals(capture.connection().role() == Role.SERVER ? Role.SERVER : Role.CLIENT,
            exchange.connection().role(), "unknown until dig's first query showed it the client");
      }
    }
  }

  @Test
  void pipelinedTcpQueriesPairWithAnswersThatComeInReverseOrder() {
    var capture = DnsCaptures.tcpPipelinedAnsweredInReverse();
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture);
    RecordingContext context = capture.replay();

    assertEquals(List.of(), outcome.dropped());
    assertEquals(List.of(
        "A nope.sockscope.test -> NXDOMAIN",
        "AAAA alpha.sockscope.test -> NOERROR 1 answer",
        "A multi.sockscope.test -> NOERROR 2 answers",
        "A alpha.sockscope.test -> NOERROR 1 answer"),
        context.summaries());
    for (int i = 0; i < 4; i++) {
      assertEquals(1000, context.exchanges.get(i).startNanos(), "all queries came in one read");
      assertEquals(2000L + 1000 * i, context.exchanges.get(i).endNanos());
    }
  }

  private static void assertUdpAnswers(List<Exchange> exchanges) {
    List<String> summaries = exchanges.stream().map(Exchange::summary).toList();
    assertEquals(List.of(
        "A alpha.sockscope.test -> NOERROR 1 answer",
        "AAAA alpha.sockscope.test -> NOERROR 1 answer",
        "A multi.sockscope.test -> NOERROR 2 answers",
        "A www.sockscope.test -> NOERROR 2 answers",
        "MX sockscope.test -> NOERROR 1 answer",
        "TXT txt.sockscope.test -> NOERROR 1 answer",
        "SRV _ldap._tcp.sockscope.test -> NOERROR 1 answer",
        "PTR 10.2.0.192.in-addr.arpa -> REFUSED",
        "SOA sockscope.test -> NOERROR 1 answer",
        "NS sockscope.test -> NOERROR 1 answer",
        "A nope.sockscope.test -> NXDOMAIN"), summaries);
    List<Object> answers = exchanges.stream().map(e -> e.attribute("dns.answers")).toList();
    assertEquals("192.0.2.10", answers.get(0));
    assertEquals("2001:db8::10", answers.get(1));
    assertTrue(List.of("192.0.2.21, 192.0.2.22", "192.0.2.22, 192.0.2.21").contains(answers.get(2)));
    assertEquals("alpha.sockscope.test, 192.0.2.10", answers.get(3), "a CNAME, then the A it names");
    assertEquals("10 mail.sockscope.test", answers.get(4));
    assertEquals("\"hello world\" \"second\"", answers.get(5));
    assertEquals("SRV (28 bytes)", answers.get(6));
    assertNull(answers.get(7));
    assertEquals("REFUSED", exchanges.get(7).attribute("error.type"));
    assertEquals("ns.sockscope.test hostmaster.ns.sockscope.test 1795572623", answers.get(8));
    assertEquals("ns.sockscope.test", answers.get(9));
    assertNull(answers.get(10));
    assertEquals("NXDOMAIN", exchanges.get(10).attribute("dns.response_code"));
    assertEquals(0L, exchanges.get(10).attribute("dns.answer.count"));
    assertEquals(1L, exchanges.get(10).attribute("dns.authority.count"), "the zone's SOA");
    assertNull(exchanges.get(10).attribute("error.type"), "NXDOMAIN is an answer, not an error");
  }
}
