package io.sockscope.protocols.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SplitInvariance;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Conversations between redis-server 7.0 and real clients, replayed from either end. */
class RecordedConversationsTest {

  static Stream<Arguments> everyConversationFromEachEnd() {
    return RedisConversations.ALL.stream()
        .flatMap(name -> Stream.of(Role.SERVER, Role.CLIENT, Role.UNKNOWN).map(role -> Arguments.of(name, role)));
  }

  @ParameterizedTest(name = "{0} seen by the {1}")
  @MethodSource("everyConversationFromEachEnd")
  void splittingAnyCallAtAnyOffsetOrFeedingOneByteAtATimeChangesNothing(String name, Role role) {
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(RedisConversations.at(name, role));

    assertFalse(outcome.exchanges().isEmpty());
    assertEquals(List.of(), outcome.dropped());
    assertEquals(List.of(), outcome.unparseable());
  }

  @ParameterizedTest
  @EnumSource(value = Role.class)
  void eachEndAndAnUnknownRoleSeeTheSameCommandsAndReplies(Role role) {
    List<String> expected = summaries(RedisConversations.atServer("cli-basic").replay());

    assertEquals(expected, summaries(RedisConversations.at("cli-basic", role).replay()));
  }

  @Test
  void redisCliCommandsCarryOperationQueryReplyTypeAndSizes() {
    List<Exchange> exchanges = RedisConversations.atServer("cli-basic").replay().exchanges;

    assertEquals(List.of(
        "SET greeting -> OK", "GET greeting -> bulk(5)", "GET missing -> null", "INCR counter -> 1",
        "LPUSH list -> 3", "GET list -> WRONGTYPE", "HSET h -> 2", "HGETALL h -> array(4)",
        "LRANGE list -> array(3)", "NOSUCHCMD x -> ERR", "SELECT 2 -> OK", "DEL greeting -> 0"),
        exchanges.stream().map(Exchange::summary).toList());
    Exchange set = exchanges.get(0);
    assertEquals("redis", set.protocol());
    assertEquals("redis", set.attribute("db.system.name"));
    assertEquals("SET", set.attribute("db.operation.name"));
    assertEquals("SET greeting hello", set.attribute("db.query.text"));
    assertEquals("simple_string", set.attribute("redis.response.type"));
    assertEquals(38L, set.attribute("redis.request.bytes"));
    assertEquals(5L, set.attribute("redis.response.bytes"));
    assertEquals(1_000L, set.startNanos());
    assertEquals(2_000L, set.endNanos());
    assertEquals(6379L, set.attribute("server.port"));
    assertEquals(50123L, set.attribute("client.port"));
    assertEquals("tcp", set.attribute("network.transport"));
    assertNull(set.attribute("redis.response.length"));
    assertNull(set.attribute("db.namespace"), "no SELECT seen yet");

    Exchange get = exchanges.get(1);
    assertEquals("bulk_string", get.attribute("redis.response.type"));
    assertEquals(5L, get.attribute("redis.response.length"));
    assertEquals(11L, get.attribute("redis.response.bytes"));
    assertNull(exchanges.get(2).attribute("redis.response.length"), "a null has no length");
    assertEquals("integer", exchanges.get(3).attribute("redis.response.type"));
    assertEquals("LPUSH list a b c", exchanges.get(4).attribute("db.query.text"));
    assertEquals(4L, exchanges.get(7).attribute("redis.response.length"));
  }

  @Test
  void errorRepliesReportTheirCodeAsStatusAndErrorType() {
    List<Exchange> exchanges = RedisConversations.atServer("cli-basic").replay().exchanges;

    Exchange wrongType = exchanges.get(5);
    assertEquals("WRONGTYPE", wrongType.attribute("db.response.status_code"));
    assertEquals("WRONGTYPE", wrongType.attribute("error.type"));
    assertEquals("simple_error", wrongType.attribute("redis.response.type"));
    Exchange unknown = exchanges.get(9);
    assertEquals("ERR", unknown.attribute("db.response.status_code"));
    assertEquals("NOSUCHCMD", unknown.attribute("db.operation.name"));
    assertNull(exchanges.get(0).attribute("db.response.status_code"));
    assertNull(exchanges.get(0).attribute("error.type"));
  }

  @Test
  void selectSetsTheNamespaceOfTheCommandsAfterIt() {
    List<Exchange> exchanges = RedisConversations.atServer("cli-basic").replay().exchanges;

    assertNull(exchanges.get(10).attribute("db.namespace"), "SELECT itself ran in the database before");
    assertEquals("2", exchanges.get(11).attribute("db.namespace"));
  }

  @Test
  void multiExecPairsQueuedRepliesAndTheExecArray() {
    List<Exchange> exchanges = RedisConversations.atServer("cli-multi-exec").replay().exchanges;

    assertEquals(List.of(
        "MULTI -> OK", "SET a -> QUEUED", "INCR a -> QUEUED", "GET a -> QUEUED", "EXEC -> array(3)",
        "MULTI -> OK", "SET b -> QUEUED", "NOPE -> ERR", "EXEC -> EXECABORT"),
        exchanges.stream().map(Exchange::summary).toList());
    assertEquals(3L, exchanges.get(4).attribute("redis.response.length"));
    assertEquals("EXECABORT", exchanges.get(8).attribute("db.response.status_code"));
  }

  @Test
  void pipelinedCommandsPairInOrderAndStartWithTheirOwnWrite() {
    List<Exchange> exchanges = RedisConversations.atServer("benchmark-pipelined-get").replay().exchanges;

    assertEquals(12, exchanges.size());
    for (int i = 0; i < 12; i++) {
      Exchange get = exchanges.get(i);
      assertEquals("GET", get.attribute("db.operation.name"));
      assertEquals("GET key:__rand_int__", get.attribute("db.query.text"));
      assertEquals(3L, get.attribute("redis.response.length"));
      long write = 1_000L + 2_000L * (i / 4);
      assertEquals(write, get.startNanos(), "four GETs per write");
      assertEquals(write + 1_000L, get.endNanos(), "four replies per write");
    }
    List<Exchange> configs = RedisConversations.atServer("benchmark-config-get").replay().exchanges;
    assertEquals(List.of("CONFIG GET", "CONFIG GET"), configs.stream().map(e -> e.attribute("db.operation.name")).toList());
    assertEquals("CONFIG GET appendonly", configs.get(1).attribute("db.query.text"));
  }

  @Test
  void resp3RepliesReportTheirTypes() {
    List<Exchange> cli = RedisConversations.atServer("cli-resp3").replay().exchanges;
    assertEquals(List.of(
        "HELLO 3 -> map(7)", "HELLO 3 -> map(7)", "HSET h2 -> 2", "HGETALL h2 -> map(2)",
        "SMEMBERS nosuch -> set(0)", "SADD s -> 2", "SMEMBERS s -> set(2)",
        "DEBUG PROTOCOL double -> 3.141", "DEBUG PROTOCOL bignum -> 12345679999999999999999999999999..."),
        cli.stream().map(Exchange::summary).toList());
    assertEquals("map", cli.get(3).attribute("redis.response.type"));
    assertEquals(2L, cli.get(3).attribute("redis.response.length"), "pairs of a map");
    assertEquals("DEBUG PROTOCOL", cli.get(7).attribute("db.operation.name"));
    assertEquals("double", cli.get(7).attribute("redis.response.type"));
    assertEquals("big_number", cli.get(8).attribute("redis.response.type"));

    List<Exchange> types = RedisConversations.atServer("resp3-types").replay().exchanges;
    assertEquals(List.of(
        "HELLO 3 -> map(7)", "DEBUG PROTOCOL true -> true", "DEBUG PROTOCOL false -> false",
        "DEBUG PROTOCOL null -> null", "DEBUG PROTOCOL verbatim -> verbatim(29)",
        "DEBUG PROTOCOL attrib -> bulk(39)", "push server-cpu-usage", "DEBUG PROTOCOL push -> bulk(40)",
        "DEBUG PROTOCOL bignum -> 12345679999999999999999999999999...", "PING -> PONG", "ECHO hi -> bulk(2)",
        "LPOP nolist -> null", "HELLO 2 -> array(14)", "GET nokey -> null"),
        types.stream().map(Exchange::summary).toList());
    assertEquals("boolean", types.get(1).attribute("redis.response.type"));
    assertEquals("null", types.get(3).attribute("redis.response.type"));
    assertEquals("verbatim_string", types.get(4).attribute("redis.response.type"));
    assertEquals(93L, types.get(5).attribute("redis.response.bytes"), "the attribute is part of the reply");
  }

  @Test
  void aPushBeforeAReplyIsAnExchangeOfItsOwnAndTheReplyStillPairs() {
    List<Exchange> types = RedisConversations.atServer("resp3-types").replay().exchanges;

    Exchange push = types.get(6);
    assertEquals("push", push.attribute("redis.response.type"));
    assertEquals("server-cpu-usage", push.attribute("redis.push.kind"));
    assertEquals(2L, push.attribute("redis.response.length"));
    assertNull(push.attribute("db.operation.name"));
    assertEquals(push.startNanos(), push.endNanos());
    assertEquals("DEBUG PROTOCOL push", types.get(7).attribute("db.query.text"));
    assertEquals(40L, types.get(7).attribute("redis.response.length"));
  }

  @Test
  void inlineCommandsAreCommandsToo() {
    List<Exchange> types = RedisConversations.atServer("resp3-types").replay().exchanges;

    assertEquals("PING", types.get(9).attribute("db.query.text"));
    assertEquals(6L, types.get(9).attribute("redis.request.bytes"));
    assertEquals("ECHO hi", types.get(10).attribute("db.query.text"));
  }

  @Test
  void subscribeConfirmationsCompleteOneExchangeAndMessagesArePushes() {
    List<Exchange> exchanges = RedisConversations.atClient("cli-subscribe-resp2").replay().exchanges;

    assertEquals(List.of("SUBSCRIBE news -> 2 confirmations, 2 subscribed", "push message news", "push message sport"),
        exchanges.stream().map(Exchange::summary).toList());
    Exchange subscribe = exchanges.get(0);
    assertEquals("SUBSCRIBE news sport", subscribe.attribute("db.query.text"));
    assertEquals(2L, subscribe.attribute("redis.subscriptions"));
    assertEquals(67L, subscribe.attribute("redis.response.bytes"));
    assertEquals("array", subscribe.attribute("redis.response.type"));
    Exchange message = exchanges.get(1);
    assertEquals("message", message.attribute("redis.push.kind"));
    assertEquals("news", message.attribute("redis.push.channel"));
    assertEquals(13L, message.attribute("redis.push.payload.size"));
    assertEquals(3_000L, message.startNanos());
    assertEquals(3_000L, message.endNanos());
  }

  @Test
  void resp3SubscriptionsArePushesToo() {
    List<Exchange> exchanges = RedisConversations.atServer("cli-subscribe-resp3").replay().exchanges;

    assertEquals(List.of("HELLO 3 -> map(7)", "SUBSCRIBE news -> 1 confirmation, 1 subscribed", "push message news"),
        exchanges.stream().map(Exchange::summary).toList());
    assertEquals("push", exchanges.get(1).attribute("redis.response.type"));
    assertEquals(8L, exchanges.get(2).attribute("redis.push.payload.size"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"pubsub-resp2", "pubsub-resp3"})
  void patternsUnsubscribesAndPingInsidePubSubPairRight(String name) {
    List<Exchange> exchanges = RedisConversations.atServer(name).replay().exchanges;
    List<String> summaries = exchanges.stream().map(Exchange::summary).filter(s -> !s.startsWith("HELLO")).toList();

    String ping = name.endsWith("2") ? "PING -> array(2)" : "PING -> PONG";
    assertEquals(List.of(
        "SUBSCRIBE news -> 2 confirmations, 2 subscribed", "PSUBSCRIBE n* -> 1 confirmation, 3 subscribed",
        "push message news", "push pmessage n* news", "push message sport", ping,
        "UNSUBSCRIBE news -> 2 confirmations, 1 subscribed", "push pmessage n* news",
        "PUNSUBSCRIBE -> 1 confirmation, 0 subscribed", "PING -> PONG"), summaries);
    Exchange pmessage = exchanges.stream().filter(e -> "pmessage".equals(e.attribute("redis.push.kind"))).findFirst().orElseThrow();
    assertEquals("n*", pmessage.attribute("redis.push.pattern"));
    assertEquals("news", pmessage.attribute("redis.push.channel"));
    assertEquals(5L, pmessage.attribute("redis.push.payload.size"));
  }

  @Test
  void passwordsNeverAppear() {
    RecordingContext context = RedisConversations.atServer("auth").replay();
    List<Exchange> exchanges = context.exchanges;

    assertEquals(List.of(
        "GET k -> NOAUTH", "AUTH ? -> WRONGPASS", "AUTH ? -> OK", "HELLO 3 -> map(7)", "CLIENT GETNAME -> bulk(6)",
        "CONFIG SET requirepass -> OK", "CONFIG GET maxmemory -> map(1)", "PING -> PONG"),
        exchanges.stream().map(Exchange::summary).toList());
    assertEquals("AUTH ?", exchanges.get(2).attribute("db.query.text"));
    assertEquals("HELLO 3 AUTH ? ? SETNAME tracer", exchanges.get(3).attribute("db.query.text"));
    assertEquals("CONFIG SET requirepass ?", exchanges.get(5).attribute("db.query.text"));
    assertEquals("CLIENT GETNAME", exchanges.get(4).attribute("db.operation.name"));
    for (Exchange exchange : exchanges) {
      String everything = exchange.summary() + exchange.attributes();
      assertFalse(everything.contains("s3cret-pw"), everything);
      assertFalse(everything.contains("wrong-pw"), everything);
      assertFalse(everything.contains("n3w-pw"), everything);
    }
    assertTrue(exchanges.get(1).attribute("error.type").equals("WRONGPASS"));
  }

  private static List<String> summaries(RecordingContext context) {
    return context.exchanges.stream().map(e -> e.summary() + " " + e.startNanos() + ".." + e.endNanos()).toList();
  }
}
