package io.sockscope.protocols.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SplitInvariance;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real clients' conversations with a real memcached, replayed from the server's and the client's side. */
class MemcachedConversationsTest {

  static Stream<Arguments> sides() {
    return Stream.of(
        Arguments.of("server", Recordings.server()),
        Arguments.of("client", Recordings.client()),
        Arguments.of("unknown role", Recordings.unknown()));
  }

  private static RecordingContext replay(String recording, Connection connection) {
    SplitInvariance.Outcome outcome =
        SplitInvariance.assertSameWhateverTheSplit(Recordings.replayed(recording, connection));
    assertEquals(List.of(), outcome.dropped());
    assertEquals(List.of(), outcome.unparseable());
    return Recordings.replayed(recording, connection).replay();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void textCommandsOfSpymemcachedPairWithTheirRepliesWhateverTheSplit(String side, Connection connection) {
    RecordingContext context = replay(Recordings.SPYMEMCACHED_TEXT, connection);

    assertEquals(
        List.of("SET user:1 -> STORED", "SET user:2 -> STORED", "SET counter -> STORED",
            "GET user:2 (+2) -> 2/3 hits", "INCR counter -> value", "DECR counter -> value",
            "INCR nocounter -> NOT_FOUND", "GETS user:1 -> 1/1 hit", "CAS user:1 -> STORED",
            "CAS user:1 -> EXISTS", "APPEND user:2 -> STORED", "TOUCH user:2 -> TOUCHED",
            "DELETE user:2 -> DELETED", "DELETE user:2 -> NOT_FOUND", "ADD user:1 -> NOT_STORED",
            "GET user:2 -> 0/1 hit", "VERSION -> VERSION"),
        context.summaries());
    Exchange set = context.exchanges.get(0);
    assertEquals("memcached", set.protocol());
    assertEquals("memcached", set.attribute("db.system.name"));
    assertEquals("text", set.attribute("memcached.protocol"));
    assertEquals("SET", set.attribute("db.operation.name"));
    assertEquals("set user:1 0 0 5", set.attribute("db.query.text"));
    assertEquals("STORED", set.attribute("db.response.status_code"));
    assertEquals(5L, set.attribute("memcached.request.value.size"));
    assertEquals(1L, set.attribute("memcached.keys"));
    assertEquals(1_000, set.startNanos());
    assertEquals(2_000, set.endNanos());

    Exchange multiGet = context.exchanges.get(3);
    assertEquals("get user:2 user:1 user:3", multiGet.attribute("db.query.text"));
    assertEquals(3L, multiGet.attribute("memcached.keys"));
    assertEquals(2L, multiGet.attribute("memcached.hits"));
    assertEquals(2L, multiGet.attribute("db.response.returned_rows"));
    assertEquals(8L, multiGet.attribute("memcached.response.value.size"));
    assertNull(multiGet.attribute("db.response.status_code"));

    Exchange incr = context.exchanges.get(4);
    assertNull(incr.attribute("db.response.status_code"), "the new value is not a status");
    assertEquals("NOT_FOUND", context.exchanges.get(6).attribute("db.response.status_code"));
    assertNull(context.exchanges.get(6).attribute("error.type"), "a miss is no error");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void binaryQuietGetsOfSpymemcachedEndWithTheNoopAndTheSilentMissIsNotMisPaired(
      String side, Connection connection) {
    RecordingContext context = replay(Recordings.SPYMEMCACHED_BINARY, connection);

    assertEquals(
        List.of("SET user:1 -> OK", "SET user:2 -> OK", "SET counter -> OK",
            "GETQ user:2 -> 1/1 hit", "GETQ user:1 -> 1/1 hit", "GETQ user:3 -> miss (no reply)",
            "NOOP -> OK", "INCREMENT counter -> OK", "DECREMENT counter -> OK",
            "INCREMENT nocounter -> KEY_NOT_FOUND", "GET user:1 -> 1/1 hit", "SET user:1 -> OK",
            "SET user:1 -> KEY_EXISTS", "APPEND user:2 -> OK", "TOUCH user:2 -> OK",
            "DELETE user:2 -> OK", "DELETE user:2 -> KEY_NOT_FOUND", "ADD user:1 -> KEY_EXISTS",
            "GET user:2 -> 0/1 hit", "VERSION -> OK"),
        context.summaries());
    Exchange hit = context.exchanges.get(3);
    assertEquals("binary", hit.attribute("memcached.protocol"));
    assertEquals("GETQ", hit.attribute("db.operation.name"));
    assertEquals("GETQ user:2", hit.attribute("db.query.text"));
    assertEquals("0x0000", hit.attribute("db.response.status_code"));
    assertEquals(1L, hit.attribute("memcached.hits"));
    assertEquals(3L, hit.attribute("memcached.response.value.size"));

    Exchange silentMiss = context.exchanges.get(5);
    assertEquals(true, silentMiss.attribute("memcached.noreply"));
    assertEquals(0L, silentMiss.attribute("memcached.hits"));
    assertNull(silentMiss.attribute("db.response.status_code"));
    assertEquals(7_000, silentMiss.startNanos());
    assertEquals(8_000, silentMiss.endNanos(), "when the NOOP's answer showed it was passed");

    Exchange exists = context.exchanges.get(12);
    assertEquals("0x0002", exists.attribute("db.response.status_code"));
    assertNull(exists.attribute("error.type"), "a failed cas is an outcome, not an error");
    assertEquals(6L, exists.attribute("memcached.request.value.size"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void memcstatTextReadsStatLinesUntilEndAndQuitHasNoReply(String side, Connection connection) {
    RecordingContext context = replay(Recordings.MEMCSTAT_TEXT, connection);

    assertEquals(List.of("VERSION -> VERSION", "STATS -> 92 stats", "QUIT -> no reply"),
        context.summaries());
    assertEquals(92L, context.exchanges.get(1).attribute("db.response.returned_rows"));
    Exchange quit = context.exchanges.get(2);
    assertEquals(true, quit.attribute("memcached.noreply"));
    assertEquals(5_000, quit.startNanos());
    assertEquals(5_000, quit.endNanos());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void memcstatBinaryStatResponsesMakeOneExchange(String side, Connection connection) {
    RecordingContext context = replay(Recordings.MEMCSTAT_BINARY, connection);

    assertEquals(List.of("VERSION -> OK", "STAT -> 92 stats", "QUIT -> OK"), context.summaries());
    Exchange stat = context.exchanges.get(1);
    assertEquals(92L, stat.attribute("db.response.returned_rows"));
    assertEquals(3_000, stat.startNanos());
    assertEquals(4_000, stat.endNanos());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void memcslapBinaryMultiGetOfLargeValuesIsSkippedNotBuffered(String side, Connection connection) {
    RecordingContext context = replay(Recordings.MEMCSLAP_BINARY_MGET, connection);

    assertEquals(5, context.exchanges.size(), context.summaries().toString());
    assertEquals(
        List.of("GETKQ", "GETKQ", "GETKQ", "NOOP", "QUIT"),
        context.exchanges.stream().map(e -> e.attribute("db.operation.name")).toList());
    assertEquals(
        List.of(3536L, 1900L, 4410L),
        context.exchanges.subList(0, 3).stream()
            .map(e -> e.attribute("memcached.response.value.size")).toList());
    assertEquals("GETKQ Pec09m0NllKx7oWXAEfdIGq5Wx2AO",
        context.exchanges.get(0).attribute("db.query.text"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void metaCommandsErrorsAndNoreplyOfARealServer(String side, Connection connection) {
    RecordingContext context = replay(Recordings.META_ERRORS_NOREPLY, connection);

    assertEquals(
        List.of("MS mkey -> HD", "MG mkey -> VA", "MG nokey -> EN", "MG mkey -> HD",
            "MD nokey -> NF", "MG nokey -> no reply", "MG mkey -> VA", "MN -> MN",
            "MS mkey -> no reply", "MN -> MN", "MA nokey -> NF", "UNKNOWN -> ERROR",
            "SET k -> CLIENT_ERROR", "INCR mkey -> CLIENT_ERROR", "SET big -> no reply",
            "GET big -> 1/1 hit", "STATS -> 76 stats", "FLUSH_ALL -> OK", "VERBOSITY -> OK",
            "QUIT -> no reply"),
        context.summaries());
    Exchange metaGet = context.exchanges.get(1);
    assertEquals("mg mkey v f t", metaGet.attribute("db.query.text"));
    assertEquals(1L, metaGet.attribute("memcached.hits"));
    assertEquals(5L, metaGet.attribute("memcached.response.value.size"));
    assertEquals(0L, context.exchanges.get(2).attribute("memcached.hits"));
    assertEquals(true, context.exchanges.get(5).attribute("memcached.noreply"),
        "the quiet miss, told apart by the key the hit returned");
    assertEquals("mg mkey v q k", context.exchanges.get(6).attribute("db.query.text"));
    Exchange unknown = context.exchanges.get(11);
    assertEquals("ERROR", unknown.attribute("error.type"));
    assertEquals("bogus command", unknown.attribute("db.query.text"));
    assertEquals("CLIENT_ERROR", context.exchanges.get(12).attribute("error.type"));
    Exchange noreply = context.exchanges.get(14);
    assertEquals(true, noreply.attribute("memcached.noreply"));
    assertEquals(5L, noreply.attribute("memcached.request.value.size"));
    assertEquals(noreply.startNanos(), noreply.endNanos());
  }
}
