package io.sockscope.protocols.postgres;

import static io.sockscope.protocols.postgres.PgMessages.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.TestConnections;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ProtocolParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresParserTest {

  private final PostgresParser parser = new PostgresParser();
  private static final Connection OTHER_PORT = TestConnections.tcp(Role.SERVER, "postgres", 15432, 51234);
  private static final Connection USUAL_PORT = PgConnections.server();

  @Test
  void serviceLoaderFindsThePostgresParser() {
    List<String> found = ServiceLoader.load(ProtocolParser.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof PostgresParser)
        .map(ProtocolParser::protocol)
        .toList();
    assertEquals(List.of("postgresql"), found);
  }

  @Test
  void everyRecordedFirstMessageOfEitherSideIsAYes() {
    for (String name : List.of("psql-scram-statements", "psql-md5-two-statements", "psql-cleartext",
        "pgbench-prepared", "pgbench-extended", "psql-ssl-refused", "psql-ssl-accepted")) {
      Conversation conversation = PgConnections.recorded(name);
      for (boolean client : List.of(true, false)) {
        byte[] first = conversation.bytesFrom(client);
        assertInference(Inference.YES, first, OTHER_PORT, name + (client ? " client" : " server"));
      }
    }
  }

  @Test
  void messagesOfAConnectionSeenMidFlightAreAYes() {
    assertInference(Inference.YES, query("SELECT 1"), OTHER_PORT, "Query");
    assertInference(Inference.YES, parse("P_0", "SELECT abalance FROM pgbench_accounts WHERE aid = $1"), OTHER_PORT, "Parse");
    assertInference(Inference.YES, parse("", "SELECT 1"), OTHER_PORT, "unnamed Parse");
    assertInference(Inference.YES, ready(), OTHER_PORT, "ReadyForQuery");
    assertInference(Inference.YES, authOk(), OTHER_PORT, "AuthenticationOk");
    assertInference(Inference.YES, rowDescription("abalance"), OTHER_PORT, "RowDescription");
    assertInference(Inference.YES, commandComplete("UPDATE 1"), OTHER_PORT, "CommandComplete");
    assertInference(Inference.YES, dataRow("42".getBytes(StandardCharsets.US_ASCII)), OTHER_PORT, "DataRow");
    assertInference(Inference.YES, error("42P01", "relation does not exist"), OTHER_PORT, "ErrorResponse");
    assertInference(Inference.YES, cancelRequest(1234, 5678), OTHER_PORT, "CancelRequest");
    assertInference(Inference.YES, gssencRequest(), OTHER_PORT, "GSSENCRequest");
    // A Query longer than the bytes seen for inference: judged on its first bytes.
    byte[] longQuery = query("SELECT '" + "x".repeat(10_000) + "'");
    assertInference(Inference.YES, Arrays.copyOf(longQuery, 4096), OTHER_PORT, "long Query");
  }

  @Test
  void shortPrefixesOfAStartNeedMoreBytes() {
    byte[] startup = startup("postgres", "shop");
    for (int length = 0; length < 9; length++) {
      assertInference(Inference.NEED_MORE_BYTES, Arrays.copyOf(startup, length), OTHER_PORT, "startup prefix " + length);
    }
    for (int length = 1; length < 5; length++) {
      assertInference(Inference.NEED_MORE_BYTES, Arrays.copyOf(query("SELECT 1"), length), OTHER_PORT, "Query prefix " + length);
    }
    assertInference(Inference.NEED_MORE_BYTES, Arrays.copyOf(query("SELECT 1"), 8), OTHER_PORT, "Query text prefix");
  }

  @Test
  void messagesThatProveLittleAreAMaybeOnlyOnPort5432() {
    for (byte[] bytes : List.of(parseComplete(), bindComplete(), sync(), noData(), portalSuspended())) {
      assertInference(Inference.MAYBE, bytes, USUAL_PORT, HexFormat.of().formatHex(bytes));
      assertInference(Inference.NO, bytes, OTHER_PORT, HexFormat.of().formatHex(bytes));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "HTTP request | 474554202f20485454502f312e310d0a486f73743a20610d0a0d0a",
    "HTTP response | 485454502f312e3120323030204f4b0d0a",
    "TLS ClientHello | 16030100f1010000ed0303",
    "RESP command | 2a310d0a24340d0a50494e470d0a",
    "RESP reply | 2b4f4b0d0a",
    "MySQL greeting | 4a0000000a382e302e333600",
    "MariaDB greeting | 520000000a352e352e352d31302e31312e36",
    "memcached get | 676574206b0d0a",
    "memcached set | 736574206b2030203020310d0a780d0a",
    "memcached binary request | 800000010000000000000001",
    "memcached binary response | 810000010000000000000001",
    "DNS over TCP | 001dabcd0100000100000000000003777777",
    "SSH banner | 5353482d322e302d4f70656e5353480d0a",
    "protocol 2 startup | 0000012800020000",
    "startup longer than 10000 | 0000ffff00030000",
    "SSLRequest with wrong length | 0000000c04d2162f",
    "Query with binary text | 510000000a01020304050000",
    "ReadyForQuery with a bad status | 5a0000000558",
    "length over 1 GiB | 517fffffff53454c",
  })
  void theStartsOfOtherProtocolsAreANoEvenOnPort5432(String what, String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertInference(Inference.NO, bytes, USUAL_PORT, what);
    assertInference(Inference.NO, bytes, OTHER_PORT, what);
  }

  @Test
  void inferenceRespectsTheBufferPosition() {
    byte[] ready = ready();
    byte[] shifted = concat(new byte[] {'x', 'x'}, ready);
    ByteBuffer buffer = ByteBuffer.wrap(shifted).position(2);
    assertEquals(Inference.YES, parser.infer(Direction.SENT, buffer.asReadOnlyBuffer(), OTHER_PORT));
    assertEquals(2, buffer.position());
  }

  private void assertInference(Inference expected, byte[] bytes, Connection connection, String what) {
    for (Direction direction : Direction.values()) {
      ByteBuffer buffer = ByteBuffer.wrap(Arrays.copyOf(bytes, Math.min(bytes.length, 4096))).asReadOnlyBuffer();
      assertEquals(expected, parser.infer(direction, buffer, connection), what + " " + direction);
    }
  }
}
