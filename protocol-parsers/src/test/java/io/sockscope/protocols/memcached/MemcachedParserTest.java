package io.sockscope.protocols.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.TestConnections;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ProtocolParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MemcachedParserTest {

  private static final Connection ELSEWHERE = TestConnections.tcp(Role.SERVER, "server", 21211, 40000);
  private static final Connection USUAL_PORT = TestConnections.tcp(Role.CLIENT, "client", 11211, 40000);

  /** A binary GET request for "a.txt", as memccat --binary sends it. */
  static final byte[] BINARY_GET = hex("80 0c 00 05 00 00 00 00 00 00 00 05 00 00 00 01 00 00 00 00 00 00 00 00 61 2e 74 78 74");

  /** memcached's binary answer to it: flags, key and a 12-byte value. */
  static final byte[] BINARY_GET_ANSWER = hex("81 0c 00 05 04 00 00 00 00 00 00 15 00 00 00 01 00 00 00 00 00 00 00 03 00 00 00 00 61 2e 74 78 74");

  private final MemcachedParser parser = new MemcachedParser();

  @Test
  void serviceLoaderFindsTheMemcachedParser() {
    List<String> found =
        ServiceLoader.load(ProtocolParser.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p instanceof MemcachedParser)
            .map(ProtocolParser::protocol)
            .toList();
    assertEquals(List.of("memcached"), found);
  }

  static Stream<Arguments> firstBytes() {
    return Stream.of(
        // text commands, lower case, then a key
        Arguments.of("get k\r\n", Inference.YES),
        Arguments.of("gets a b c\r\n", Inference.YES),
        Arguments.of("set k 0 0 5\r\nhello\r\n", Inference.YES),
        Arguments.of("cas k 0 0 5 11\r\n", Inference.YES),
        Arguments.of("delete k\r\n", Inference.YES),
        Arguments.of("incr counter 1\r\n", Inference.YES),
        Arguments.of("touch k 10\r\n", Inference.YES),
        Arguments.of("gat 10 k\r\n", Inference.YES),
        Arguments.of("mg k v\r\n", Inference.YES),
        Arguments.of("version\r\n", Inference.YES),
        Arguments.of("stats\r\n", Inference.YES),
        Arguments.of("stats slabs\r\n", Inference.YES),
        Arguments.of("quit\r\n", Inference.YES),
        Arguments.of("mn\r\n", Inference.YES),
        Arguments.of("flush_all\r\n", Inference.YES),
        // text replies, strict
        Arguments.of("VALUE k 0 5\r\nhello\r\nEND\r\n", Inference.YES),
        Arguments.of("STORED\r\n", Inference.YES),
        Arguments.of("NOT_STORED\r\n", Inference.YES),
        Arguments.of("END\r\n", Inference.YES),
        Arguments.of("STAT pid 1\r\n", Inference.YES),
        Arguments.of("VERSION 1.6.18\r\n", Inference.YES),
        Arguments.of("SERVER_ERROR out of memory\r\n", Inference.YES),
        Arguments.of("DELETED\r\n", Inference.YES),
        Arguments.of("VA 5 f0\r\n", Inference.YES),
        // short prefixes
        Arguments.of("", Inference.NEED_MORE_BYTES),
        Arguments.of("g", Inference.NEED_MORE_BYTES),
        Arguments.of("get", Inference.NEED_MORE_BYTES),
        Arguments.of("get ", Inference.NEED_MORE_BYTES),
        Arguments.of("version\r", Inference.NEED_MORE_BYTES),
        Arguments.of("STORED\r", Inference.NEED_MORE_BYTES),
        Arguments.of("VALUE ", Inference.NEED_MORE_BYTES),
        Arguments.of("\u0080", Inference.NEED_MORE_BYTES),
        Arguments.of("\u0080\u0000\u0000\u0005", Inference.NEED_MORE_BYTES),
        // not memcached
        Arguments.of("GET / HTTP/1.1\r\nHost: a\r\n", Inference.NO),
        Arguments.of("GET k\r\n", Inference.NO),
        Arguments.of("HTTP/1.1 200 OK\r\n", Inference.NO),
        Arguments.of("get  k\r\n", Inference.NO),
        Arguments.of("getx k\r\n", Inference.NO),
        Arguments.of("delete\r\n", Inference.NO),
        Arguments.of("STORED!", Inference.NO),
        Arguments.of("OK\r\n", Inference.NO),
        Arguments.of("*1\r\n$4\r\nPING\r\n", Inference.NO),
        Arguments.of("+OK\r\n", Inference.NO),
        Arguments.of("SSH-2.0-OpenSSH_9.2\r\n", Inference.NO));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @MethodSource("firstBytes")
  void infersFromTheFirstBytesOfEitherDirection(String firstBytes, Inference expected) {
    for (Direction direction : Direction.values()) {
      assertEquals(expected, parser.infer(direction, ascii(firstBytes), ELSEWHERE));
    }
  }

  static Stream<Arguments> binaryStarts() {
    return Stream.of(
        Arguments.of("binary GET request", BINARY_GET, Inference.YES),
        Arguments.of("binary GET answer", BINARY_GET_ANSWER, Inference.YES),
        Arguments.of("23 bytes of a header", java.util.Arrays.copyOf(BINARY_GET, 23), Inference.NEED_MORE_BYTES),
        Arguments.of("unknown opcode", hex("80 3f"), Inference.NO),
        Arguments.of("data type 1", patch(BINARY_GET, 5, 1), Inference.NO),
        Arguments.of("GET with extras", patch(BINARY_GET, 4, 8), Inference.NO),
        Arguments.of("key longer than the body", patch(BINARY_GET, 11, 2), Inference.NO),
        Arguments.of("unknown status", patch(BINARY_GET_ANSWER, 7, 0x70), Inference.NO),
        Arguments.of("TLS ClientHello", hex("16 03 01 02 00 01 00 01 fc 03 03"), Inference.NO),
        Arguments.of("PostgreSQL SSLRequest", hex("00 00 00 08 04 d2 16 2f"), Inference.NO),
        Arguments.of("PostgreSQL StartupMessage",
            hex("00 00 00 29 00 03 00 00 75 73 65 72 00 70 6f 73 74 67 72 65 73 00 00"), Inference.NO),
        Arguments.of("MySQL greeting", hex("4a 00 00 00 0a 38 2e 30 2e 33 33 00 08 00 00 00"), Inference.NO),
        Arguments.of("MySQL greeting of 128 bytes",
            hex("80 00 00 00 0a 38 2e 30 2e 33 33 00 08 00 00 00 61 62 63 64 65 66 67 68 00 ff ff"), Inference.NO),
        Arguments.of("DNS over TCP", hex("00 1d 12 34 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65"), Inference.NO));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("binaryStarts")
  void infersBinaryHeadersOnlyWithAKnownOpcodeAndConsistentLengths(String what, byte[] bytes, Inference expected) {
    assertEquals(expected, parser.infer(Direction.RECEIVED, ByteBuffer.wrap(bytes).asReadOnlyBuffer(), ELSEWHERE));
  }

  @Test
  void theUsualPortMakesOnlyMaybeAndOnlyForBytesThatCouldBeMemcached() {
    assertEquals(Inference.MAYBE, parser.infer(Direction.SENT, ascii("lru_crawler_x\r\n"), USUAL_PORT));
    assertEquals(Inference.MAYBE, parser.infer(Direction.SENT, ByteBuffer.wrap(hex("80 3f 00 00")), USUAL_PORT));
    assertEquals(Inference.NO, parser.infer(Direction.SENT, ascii("lru_crawler_x\r\n"), ELSEWHERE));
    assertEquals(Inference.NO, parser.infer(Direction.SENT, ascii("GET / HTTP/1.1\r\n"), USUAL_PORT));
    assertEquals(Inference.NO, parser.infer(Direction.SENT, ByteBuffer.wrap(hex("16 03 01 02 00")), USUAL_PORT));
    assertEquals(Inference.YES, parser.infer(Direction.SENT, ascii("get k\r\n"), USUAL_PORT));
  }

  @Test
  void inferenceRespectsTheBufferPosition() {
    ByteBuffer buffer = ByteBuffer.wrap("xxget k\r\n".getBytes(StandardCharsets.US_ASCII));
    buffer.position(2);

    assertEquals(Inference.YES, parser.infer(Direction.RECEIVED, buffer.asReadOnlyBuffer(), ELSEWHERE));
    assertEquals(2, buffer.position());
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
  }

  static byte[] hex(String spaced) {
    String[] parts = spaced.trim().split(" ");
    byte[] bytes = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return bytes;
  }

  private static byte[] patch(byte[] bytes, int index, int value) {
    byte[] copy = bytes.clone();
    copy[index] = (byte) value;
    return copy;
  }
}
