package io.sockscope.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.TestConnections;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ProtocolParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All bundled parsers side by side, as the tracer consults them: the first bytes that open each
 * recorded real conversation are claimed ({@link Inference#YES}) by their own protocol's parser
 * and by no other, and the first bytes of the other direction are claimed by no other parser. The
 * connection's ports are nobody's usual port, so only the bytes decide.
 */
class InferenceAcrossParsersTest {
  private static final Connection NEUTRAL_TCP = TestConnections.tcp(Role.UNKNOWN, "client", 40000, 50000);
  private static final Connection NEUTRAL_UDP = TestConnections.udp(Role.UNKNOWN, "client", 40000, 50000);

  private static List<ProtocolParser> parsers() {
    List<ProtocolParser> parsers = new ArrayList<>();
    ServiceLoader.load(ProtocolParser.class).forEach(parsers::add);
    return parsers;
  }

  @Test
  void everyBundledParserIsRegistered() {
    assertEquals(
        List.of("dns", "http", "memcached", "mysql", "postgresql", "redis"),
        parsers().stream().map(ProtocolParser::protocol).sorted().toList());
  }

  /** Each recorded conversation, by the directory it is kept in: the protocol's package name. */
  static Stream<Conversation> conversations() throws IOException, URISyntaxException {
    Path root = Path.of(InferenceAcrossParsersTest.class.getResource("/conversations").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().startsWith("."))
          .map(file -> Conversation.load(root.relativize(file).toString()))
          .toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("conversations")
  void theOpeningBytesAreClaimedByTheirOwnParserOnly(Conversation conversation) {
    String owner = PROTOCOL_OF_DIRECTORY.get(conversation.name().substring(0, conversation.name().indexOf('/')));
    Connection connection = conversation.name().contains("udp") ? NEUTRAL_UDP : NEUTRAL_TCP;
    Conversation.Segment opening = conversation.segments().get(0);
    Map<String, Inference> answers = answers(opening.bytes(), connection);
    assertEquals(Inference.YES, answers.get(owner), conversation + ": " + answers);
    answers.forEach((protocol, answer) -> {
      if (!protocol.equals(owner)) {
        assertNotEquals(Inference.YES, answer, conversation + " claimed by " + protocol);
      }
    });
    conversation.segments().stream().filter(s -> s.fromClient() != opening.fromClient()).findFirst()
        .ifPresent(reply -> answers(reply.bytes(), connection).forEach((protocol, answer) -> {
          if (!protocol.equals(owner)) {
            assertNotEquals(Inference.YES, answer, conversation + " reply claimed by " + protocol);
          }
        }));
  }

  @Test
  void tlsRecordsAndHttpAreNotClaimedByTheDataStores() {
    byte[] clientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
    answers(clientHello, NEUTRAL_TCP).forEach((protocol, answer) -> assertNotEquals(Inference.YES, answer, protocol));
    for (String http : List.of("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        "POST /api HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi")) {
      Map<String, Inference> answers = answers(http.getBytes(StandardCharsets.US_ASCII), NEUTRAL_TCP);
      answers.forEach((protocol, answer) -> {
        if (!protocol.equals("http")) {
          assertNotEquals(Inference.YES, answer, protocol + " claims " + http);
        }
      });
    }
    assertFalse(answers(new byte[0], NEUTRAL_TCP).containsValue(Inference.YES), "no bytes, no claim");
  }

  private static final Map<String, String> PROTOCOL_OF_DIRECTORY = Map.of(
      "redis", "redis", "postgresql", "postgresql", "mysql", "mysql", "memcached", "memcached", "dns", "dns");

  private static Map<String, Inference> answers(byte[] bytes, Connection connection) {
    Map<String, Inference> answers = new TreeMap<>();
    for (ProtocolParser parser : parsers()) {
      for (Direction direction : Direction.values()) {
        Inference answer = parser.infer(direction, ByteBuffer.wrap(bytes).asReadOnlyBuffer(), connection);
        answers.merge(parser.protocol(), answer, (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    return answers;
  }
}
