package io.sockscope.protocols.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Exchange;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.SplitInvariance;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RESP3 framing redis-server 7.0 does not send to its own clients, built by hand from the RESP3
 * specification: streamed strings and aggregates, attributes inside aggregates, nested aggregates,
 * bulk errors, and an unsubscribe from every channel.
 */
class RespFramingTest {

  private static final String PING = "*1\r\n$4\r\nPING\r\n";

  private static Capture server() {
    return Capture.of(new RedisParser(), RedisConversations.server());
  }

  private static List<Exchange> exchanges(Capture capture) {
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture);
    assertEquals(List.of(), outcome.unparseable());
    assertEquals(List.of(), outcome.dropped());
    return capture.replay().exchanges;
  }

  @Test
  void streamedStringsAndAggregatesEndWhereTheSpecificationSays() {
    List<Exchange> exchanges = exchanges(server()
        .received(PING + PING + PING, 1_000)
        .sent("$?\r\n;4\r\nHell\r\n;6\r\no worl\r\n;1\r\nd\r\n;0\r\n", 2_000)
        .sent("*?\r\n:1\r\n$?\r\n;2\r\nab\r\n;0\r\n*2\r\n:2\r\n:3\r\n.\r\n", 3_000)
        .sent("%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n", 4_000));

    assertEquals(List.of("PING -> bulk(11)", "PING -> array(3)", "PING -> map(2)"), exchanges.stream().map(Exchange::summary).toList());
    assertEquals(37L, exchanges.get(0).attribute("redis.response.bytes"));
    assertEquals(2_000L, exchanges.get(0).endNanos());
  }

  @Test
  void attributesAreNotElementsOfTheirAggregate() {
    List<Exchange> exchanges = exchanges(server()
        .received(PING + PING, 1_000)
        .sent("*2\r\n|1\r\n+ttl\r\n:3600\r\n:10\r\n%1\r\n+k\r\n*1\r\n|1\r\n+x\r\n+y\r\n:1\r\n", 2_000)
        .sent("|1\r\n+hint\r\n*0\r\n+OK\r\n", 3_000));

    assertEquals(List.of("PING -> array(2)", "PING -> OK"), exchanges.stream().map(Exchange::summary).toList());
    assertEquals(2L, exchanges.get(0).attribute("redis.response.length"));
  }

  @Test
  void bulkErrorsReportTheirCode() {
    Exchange exchange = exchanges(server().received(PING, 1_000).sent("!21\r\nSYNTAX invalid syntax\r\n", 2_000)).get(0);

    assertEquals("PING -> SYNTAX", exchange.summary());
    assertEquals("SYNTAX", exchange.attribute("db.response.status_code"));
    assertEquals("bulk_error", exchange.attribute("redis.response.type"));
  }

  @Test
  void anUnsubscribeFromEveryChannelEndsWhenNoSubscriptionIsLeftOrTheNextReplyComes() {
    String unsubscribe = "*1\r\n$11\r\nUNSUBSCRIBE\r\n";
    List<Exchange> exchanges = exchanges(server()
        .received("*3\r\n$9\r\nSUBSCRIBE\r\n$1\r\na\r\n$1\r\nb\r\n", 1_000)
        .sent("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n", 1_100)
        .received("*2\r\n$10\r\nPSUBSCRIBE\r\n$1\r\np\r\n", 2_000)
        .sent("*3\r\n$10\r\npsubscribe\r\n$1\r\np\r\n:3\r\n", 2_100)
        .received(unsubscribe + PING, 3_000)
        .sent("*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n", 3_100)
        .sent("*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n", 3_200)
        .sent("*2\r\n$4\r\npong\r\n$0\r\n\r\n", 3_300)
        .received(unsubscribe, 4_000)
        .sent("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:1\r\n", 4_100));

    assertEquals(List.of(
        "SUBSCRIBE a -> 2 confirmations, 2 subscribed", "PSUBSCRIBE p -> 1 confirmation, 3 subscribed",
        "UNSUBSCRIBE -> 2 confirmations, 1 subscribed", "PING -> array(2)", "UNSUBSCRIBE -> 1 confirmation, 1 subscribed"),
        exchanges.stream().map(Exchange::summary).toList());
    assertEquals(3_200L, exchanges.get(2).endNanos());
  }

  @Test
  void outsidePubSubAnArrayStartingWithMessageIsAReply() {
    Exchange exchange = exchanges(server()
        .received("*4\r\n$6\r\nLRANGE\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\n", 1_000)
        .sent("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\np\r\n", 2_000)).get(0);

    assertEquals("LRANGE l -> array(3)", exchange.summary());
  }

  @Test
  void emptyCommandsAreSkippedAsRedisDoes() {
    List<Exchange> exchanges = exchanges(server().received("\r\n*0\r\n" + PING, 1_000).sent("+PONG\r\n", 2_000));

    assertEquals(List.of("PING -> PONG"), exchanges.stream().map(Exchange::summary).toList());
  }
}
