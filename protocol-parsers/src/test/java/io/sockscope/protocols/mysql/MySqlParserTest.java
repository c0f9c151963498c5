package io.sockscope.protocols.mysql;

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
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which first bytes make the tracer choose this parser. */
class MySqlParserTest {

  private static final Connection UNKNOWN = TestConnections.tcp(Role.UNKNOWN, "app", 33061, 51000);
  private static final Connection UNKNOWN_ON_3306 = TestConnections.tcp(Role.UNKNOWN, "app", 3306, 51000);

  private final MySqlParser parser = new MySqlParser();
  private final Conversation cli = MariaDbRecordings.load(MariaDbRecordings.CLI_SELECT_INSERT_ERROR);
  private final Conversation jdbc = MariaDbRecordings.load(MariaDbRecordings.JDBC_MULTI_RESULTS);

  @Test
  void serviceLoaderFindsTheMySqlParser() {
    List<String> found = ServiceLoader.load(ProtocolParser.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p instanceof MySqlParser).map(ProtocolParser::protocol).toList();
    assertEquals(List.of("mysql"), found);
  }

  @Test
  void serverGreetingIsRecognisedAndItsPrefixesNeedMoreBytes() {
    byte[] greeting = cli.segments().get(0).bytes();
    assertEquals(Inference.YES, infer(greeting, UNKNOWN));
    // header 4, protocol 1, "5.5.5-10.11.19-MariaDB-0+deb12u1" 32, NUL, thread id 4, scramble 8, filler
    int throughFiller = 4 + 1 + 32 + 1 + 4 + 8 + 1;
    for (int length = 0; length < throughFiller; length++) {
      assertEquals(Inference.NEED_MORE_BYTES, infer(Arrays.copyOf(greeting, length), UNKNOWN), "prefix of " + length);
    }
    assertEquals(Inference.YES, infer(Arrays.copyOf(greeting, throughFiller), UNKNOWN));
  }

  @Test
  void handshakeResponseSslRequestAndCommandsAreRecognised() {
    assertEquals(Inference.YES, infer(cli.segments().get(1).bytes(), UNKNOWN), "handshake response");
    byte[] sslRequest = MariaDbRecordings.load(MariaDbRecordings.CLI_SSL_REQUEST).segments().get(1).bytes();
    assertEquals(Inference.YES, infer(sslRequest, UNKNOWN), "SSL request");
    for (int i : new int[] {3, 5, 8, 10, 11, 14, 15, 17, 19, 21}) { // the client's commands of the JDBC recording
      assertEquals(Inference.YES, infer(jdbc.segments().get(i).bytes(), UNKNOWN), "segment " + i);
    }
  }

  @Test
  void roleDecidesWhichDirectionMayCarryWhat() {
    byte[] greeting = cli.segments().get(0).bytes();
    byte[] query = cli.segments().get(3).bytes();
    Connection client = TestConnections.tcp(Role.CLIENT, "mariadb", 33061, 51000);
    Connection server = TestConnections.tcp(Role.SERVER, "mariadbd", 33061, 51000);

    assertEquals(Inference.YES, parser.infer(Direction.RECEIVED, buffer(greeting), client));
    assertEquals(Inference.NO, parser.infer(Direction.SENT, buffer(greeting), client));
    assertEquals(Inference.YES, parser.infer(Direction.SENT, buffer(greeting), server));
    assertEquals(Inference.YES, parser.infer(Direction.SENT, buffer(query), client));
    assertEquals(Inference.YES, parser.infer(Direction.RECEIVED, buffer(query), server));
    assertEquals(Inference.NO, parser.infer(Direction.SENT, buffer(query), server));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "HTTP request | 474554202f20485454502f312e310d0a486f73743a20610d0a0d0a",
    "HTTP response | 485454502f312e3120323030204f4b0d0a",
    "TLS ClientHello | 16030102000100 01fc0303",
    "RESP command | 2a310d0a24340d0a50494e470d0a",
    "PostgreSQL SSLRequest | 0000000804d2162f",
    "PostgreSQL StartupMessage | 00000029 00030000 7573657200 6170700064617461626173650073686f700000",
    "memcached text | 676574206b0d0a",
    "memcached binary get | 80000001 00000000 00000001 00000000 00000000 00000000 6b",
    "memcached binary response | 81000000 00000000 00000000 00000000 00000000 00000000",
    "DNS over TCP | 001d abcd 0100 0001 0000 0000 0000 076578616d706c6503636f6d 0000010001",
    "SSH banner | 5353482d322e302d4f70656e5353485f392e320d0a",
    "OK packet mid-flight | 0700000100000002000000",
    "COM_PING too long | 020000000e00",
    "COM_QUERY of binary | 0500000003000102ff",
    "unknown command | 0100000020",
    "greeting of protocol 9 | 2a00000009352e372e3000",
  })
  void otherProtocolsAndMidFlightResponsesAreNotTakenForMySql(String what, String hex) {
    assertEquals(Inference.NO, infer(Packets.hex(hex), UNKNOWN), what);
  }

  @Test
  void onlyThePortMakesInconclusiveBytesMaybe() {
    byte[] ok = Packets.hex("0700000100000002000000");
    assertEquals(Inference.MAYBE, infer(ok, UNKNOWN_ON_3306));
    assertEquals(Inference.NO, infer(ok, UNKNOWN));
    assertEquals(Inference.NEED_MORE_BYTES, infer(new byte[] {7, 0}, UNKNOWN_ON_3306));
  }

  @Test
  void inferenceRespectsTheBufferPosition() {
    byte[] query = cli.segments().get(3).bytes();
    ByteBuffer buffer = ByteBuffer.allocate(query.length + 5);
    buffer.put("xxxxx".getBytes(StandardCharsets.US_ASCII)).put(query).position(5);
    assertEquals(Inference.YES, parser.infer(Direction.SENT, buffer.asReadOnlyBuffer(), UNKNOWN));
    assertEquals(5, buffer.position());
  }

  private Inference infer(byte[] bytes, Connection connection) {
    Inference sent = parser.infer(Direction.SENT, buffer(bytes), connection);
    assertEquals(sent, parser.infer(Direction.RECEIVED, buffer(bytes), connection), "same both ways with no role");
    return sent;
  }

  private static ByteBuffer buffer(byte[] bytes) {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }
}
