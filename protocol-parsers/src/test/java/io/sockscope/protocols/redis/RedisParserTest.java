package io.sockscope.protocols.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.TestConnections;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ProtocolParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisParserTest {

  private static final Connection ELSEWHERE = TestConnections.tcp(Role.SERVER, "server", 7000, 50000);
  private static final Connection ON_6379 = TestConnections.tcp(Role.SERVER, "redis-server", 6379, 50000);

  private final RedisParser parser = new RedisParser();

  @Test
  void serviceLoaderFindsTheRedisParser() {
    List<String> redis = ServiceLoader.load(ProtocolParser.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof RedisParser)
        .map(ProtocolParser::protocol)
        .toList();

    assertEquals(List.of("redis"), redis);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // commands, as clients send them
        "*1\\r\\n$4\\r\\nPING\\r\\n | YES",
        "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n | YES",
        "*2\\r\\n$8\\r\\nJSON.GET\\r\\n | YES",
        "* | NEED_MORE_BYTES",
        "*3 | NEED_MORE_BYTES",
        "*3\\r | NEED_MORE_BYTES",
        "*3\\r\\n$3\\r\\nSE | YES",
        // replies of each type
        "+OK\\r\\n | YES",
        "+PONG\\r\\n | YES",
        "-ERR unknown command\\r\\n | YES",
        "-WRONGTYPE Operation against a key\\r\\n | YES",
        ":1\\r\\n | YES",
        ":-42\\r\\n | YES",
        "$5\\r\\nhello\\r\\n | YES",
        "$5\\r\\n | YES",
        "$-1\\r\\n | YES",
        "$0\\r\\n\\r\\n | YES",
        "*2\\r\\n$1\\r\\na\\r\\n | YES",
        "*0\\r\\n | YES",
        "*-1\\r\\n | YES",
        "*2\\r\\n:1\\r\\n | YES",
        "%2\\r\\n$1\\r\\na\\r\\n | YES",
        "~1\\r\\n+x\\r\\n | YES",
        ">3\\r\\n$7\\r\\nmessage\\r\\n | YES",
        "\"|1\\r\\n+k\\r\\n\" | YES",
        "_\\r\\n | YES",
        ",3.141\\r\\n | YES",
        ",inf\\r\\n | YES",
        "#t\\r\\n | YES",
        "(12345678901234567890\\r\\n | YES",
        "!21\\r\\nSYNTAX invalid syntax\\r\\n | YES",
        "=15\\r\\ntxt:Some string\\r\\n | YES",
        "+ | NEED_MORE_BYTES",
        "+OK | NEED_MORE_BYTES",
        "+OK\\r | NEED_MORE_BYTES",
        "-ERR | NEED_MORE_BYTES",
        ":12 | NEED_MORE_BYTES",
        "$5\\r\\nhel | YES",
        "*2\\r\\n | NEED_MORE_BYTES",
        "'' | NEED_MORE_BYTES",
        // strict: digits then CRLF, content of the type
        "*x\\r\\n | NO",
        "*2\\n | NO",
        "*02\\r\\n$1\\r\\na | NO",
        "$5\\r\\nhelloXX | NO",
        "$abc\\r\\n | NO",
        "$-2\\r\\n | NO",
        ":1.5\\r\\n | NO",
        "#x\\r\\n | NO",
        "_x\\r\\n | NO",
        "-err lower case\\r\\n | NO",
        "+OK\\n | NO",
        "*2\\r\\nxx | NO",
        "%-1\\r\\n | NO",
        // the starts of other protocols
        "GET / HTTP/1.1\\r\\nHost: a\\r\\n | NO",
        "HTTP/1.1 200 OK\\r\\n | NO",
        "\\u0016\\u0003\\u0001\\u0002\\u0000\\u0001\\u0000\\u0001\\u00fc\\u0003\\u0003 | NO",
        "get k\\r\\n | NO",
        "set k 0 0 1\\r\\nx\\r\\n | NO",
        "VALUE k 0 1\\r\\nx\\r\\nEND\\r\\n | NO",
        "STORED\\r\\n | NO",
        "SSH-2.0-OpenSSH_9.2\\r\\n | NO",
      })
  void infersFromTheFirstBytesOfEitherDirection(String escaped, Inference expected) {
    String firstBytes = escaped.equals("''") ? "" : unescape(escaped);
    for (Direction direction : Direction.values()) {
      assertEquals(expected, parser.infer(direction, bytes(firstBytes), ELSEWHERE), escaped);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // PostgreSQL StartupMessage (protocol 3.0) and SSLRequest
    "postgres startup, 00000029000300007573657200706f73746772657300",
    "postgres SSLRequest, 0000000804d2162f",
    // MySQL server greeting: 3-byte length, sequence 0, protocol 10
    "mysql greeting, 4a0000000a382e302e3333000800000035",
    // memcached binary request (0x80) and response (0x81) headers
    "memcached binary request, 800000036b6579000000000000000000",
    "memcached binary response, 810000000000000000000000000000000000",
    // DNS over TCP: 2-byte length then a query header
    "dns over tcp, 001d12340100000100000000000003777777",
    // a length of DNS over TCP whose first byte is '*'
    "dns over tcp at 10 KiB, 2a0012340100000100000000",
    // TLS ClientHello
    "tls client hello, 16030100f4010000f00303",
  })
  void saysNoToTheStartsOfOtherProtocols(String name, String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    for (Direction direction : Direction.values()) {
      assertEquals(Inference.NO, parser.infer(direction, ByteBuffer.wrap(bytes).asReadOnlyBuffer(), ELSEWHERE), name);
      if (bytes[0] != 0x16 && bytes[0] != 0x2a && bytes[0] != 0x4a) {
        assertEquals(Inference.NO, parser.infer(direction, ByteBuffer.wrap(bytes).asReadOnlyBuffer(), ON_6379), name);
      }
    }
  }

  @Test
  void onPort6379AnInlineLookingStartIsOnlyAMaybe() {
    assertEquals(Inference.MAYBE, parser.infer(Direction.RECEIVED, bytes("PING\r\n"), ON_6379));
    assertEquals(Inference.NO, parser.infer(Direction.RECEIVED, bytes("PING\r\n"), ELSEWHERE));
    Connection clientTo6379 = TestConnections.tcp(Role.CLIENT, "redis-cli", 6379, 50000);
    assertEquals(Inference.MAYBE, parser.infer(Direction.SENT, bytes("ping\r\n"), clientTo6379));
    assertEquals(Inference.NO, parser.infer(Direction.SENT, bytes("\u0016\u0003\u0001"), clientTo6379), "TLS is not Redis");
    assertEquals(Inference.YES, parser.infer(Direction.SENT, bytes("+OK\r\n"), clientTo6379));
  }

  @Test
  void aStartUnfinishedAfterTheInferenceWindowIsNotRedis() {
    String endless = "+" + "x".repeat(RespStart.INFERENCE_BYTES);
    assertEquals(Inference.NO, parser.infer(Direction.SENT, bytes(endless), ELSEWHERE));
    assertEquals(Inference.NEED_MORE_BYTES, parser.infer(Direction.SENT, bytes(endless.substring(0, 4000)), ELSEWHERE));
  }

  @Test
  void inferenceRespectsTheBufferPosition() {
    ByteBuffer buffer = ByteBuffer.wrap("xx+OK\r\n".getBytes(StandardCharsets.US_ASCII));
    buffer.position(2);

    assertEquals(Inference.YES, parser.infer(Direction.RECEIVED, buffer.asReadOnlyBuffer(), ELSEWHERE));
    assertEquals(2, buffer.position());
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
  }

  /** Turns the escapes \r, \n and \\uXXXX of a CSV cell into characters. */
  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && s.charAt(i + 1) == 'r') {
        out.append('\r');
        i++;
      } else if (c == '\\' && s.charAt(i + 1) == 'n') {
        out.append('\n');
        i++;
      } else if (c == '\\' && s.charAt(i + 1) == 'u') {
        out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
