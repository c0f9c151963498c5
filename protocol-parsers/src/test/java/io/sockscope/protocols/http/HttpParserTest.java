package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ProtocolParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpParserTest {

  private final HttpParser parser = new HttpParser();

  @Test
  void serviceLoaderFindsTheHttpParser() {
    List<ProtocolParser> parsers =
        ServiceLoader.load(ProtocolParser.class).stream().map(ServiceLoader.Provider::get).toList();

    List<String> http =
        parsers.stream()
            .filter(p -> p instanceof HttpParser)
            .map(ProtocolParser::protocol)
            .toList();
    assertEquals(List.of("http"), http);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "GET /index.html HTTP/1.1\\r\\nHost: a\\r\\n | YES",
        "GET / | YES",
        "POST /api | YES",
        "PUT /a | YES",
        "DELETE /a/1 | YES",
        "HEAD / | YES",
        "OPTIONS * | YES",
        "PATCH /a | YES",
        "CONNECT example.com:443 HTTP/1.1 | YES",
        "TRACE / | YES",
        "HTTP/1.1 200 OK\\r\\n | YES",
        "HTTP/1.0 404 Not Found | YES",
        "\"HTTP/1.1 \" | YES",
        "'' | NEED_MORE_BYTES",
        "G | NEED_MORE_BYTES",
        "GE | NEED_MORE_BYTES",
        "GET | NEED_MORE_BYTES",
        "\"GET \" | NEED_MORE_BYTES",
        "OPTIO | NEED_MORE_BYTES",
        "P | NEED_MORE_BYTES",
        "H | NEED_MORE_BYTES",
        "HTTP/1. | NEED_MORE_BYTES",
        "HTTP/1.1 | NEED_MORE_BYTES",
        "GET  / | NO",
        "GETS / | NO",
        "get / | NO",
        "PROPFIND / | NO",
        "HTTP/2 200 | NO",
        "HTTP/1.2 200 | NO",
        "SSH-2.0-OpenSSH_9.2 | NO",
        "PRI * HTTP/2.0 | NO",
        "\\u0016\\u0003\\u0001 | NO",
      })
  void infersFromTheFirstBytes(String escaped, Inference expected) {
    String firstBytes = escaped.equals("''") ? "" : unescape(escaped);
    for (Direction direction : Direction.values()) {
      assertEquals(
          expected, parser.infer(direction, bytes(firstBytes), LoopbackConnections.server()));
    }
  }

  @Test
  void inferenceRespectsTheBufferPosition() {
    ByteBuffer buffer = ByteBuffer.wrap("xxGET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
    buffer.position(2);

    assertEquals(
        Inference.YES,
        parser.infer(Direction.RECEIVED, buffer.asReadOnlyBuffer(), LoopbackConnections.server()));
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
