package io.sockscope.protocols.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.io.BaseEncoding;
import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.TestConnections;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ProtocolParser;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsParserTest {

  private static final Connection TCP = TestConnections.tcp(Role.SERVER, "dnsmasq", 15353, 40001);
  private static final Connection UDP = DnsCaptures.udpServer();
  private static final Connection TCP_ON_53 = TestConnections.tcp(Role.CLIENT, "dig", 53, 40001);
  private static final Connection UDP_ON_53 = TestConnections.udp(Role.SERVER, "named", 53, 0);

  private final DnsParser parser = new DnsParser();

  @Test
  void serviceLoaderFindsTheDnsParser() {
    List<String> dns = ServiceLoader.load(ProtocolParser.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof DnsParser)
        .map(ProtocolParser::protocol)
        .toList();
    assertEquals(List.of("dns"), dns);
  }

  @Test
  void everyRecordedQueryAndAnswerIsDnsAsADatagramAndBehindItsTcpLength() {
    for (int i = 0; i < 11; i++) {
      for (byte[] message : List.of(DnsCaptures.udpQuery(i), DnsCaptures.udpAnswer(i))) {
        for (Direction direction : Direction.values()) {
          assertEquals(Inference.YES, parser.infer(direction, buffer(message), UDP), "datagram " + i);
          assertEquals(Inference.YES, parser.infer(direction, buffer(DnsCaptures.framed(message)), TCP), "tcp " + i);
        }
      }
    }
  }

  @Test
  void aTcpPrefixNeedsMoreBytesUntilTheQuestionIsIn() {
    byte[] framed = DnsCaptures.framed(DnsCaptures.udpAnswer(0));
    int questionEnd = 2 + 12 + "alpha.sockscope.test".length() + 2 + 4;
    for (int length = 0; length < framed.length; length++) {
      Inference expected = length < questionEnd ? Inference.NEED_MORE_BYTES : Inference.YES;
      assertEquals(expected, parser.infer(Direction.SENT, buffer(Arrays.copyOf(framed, length)), TCP), "prefix " + length);
    }
  }

  @Test
  void aTruncatedDatagramIsNotDns() {
    byte[] query = DnsCaptures.udpQuery(0);
    for (int length = 0; length < query.length; length++) {
      assertEquals(Inference.NO, parser.infer(Direction.RECEIVED, buffer(Arrays.copyOf(query, length)), UDP), "prefix " + length);
    }
  }

  @Test
  void inferenceRespectsTheBufferPosition() {
    byte[] query = DnsCaptures.udpQuery(0);
    byte[] shifted = new byte[query.length + 5];
    System.arraycopy(query, 0, shifted, 5, query.length);
    ByteBuffer buffer = ByteBuffer.wrap(shifted).position(5);

    assertEquals(Inference.YES, parser.infer(Direction.RECEIVED, buffer.asReadOnlyBuffer(), UDP));
    assertEquals(5, buffer.position());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "HTTP request         | 474554202f20485454502f312e310d0a486f73743a20610d0a0d0a",
    "HTTP response        | 485454502f312e3120323030204f4b0d0a436f6e74656e742d4c656e6774683a20300d0a0d0a",
    "TLS client hello     | 1603010200010001fc0303a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9020",
    "RESP command         | 2a310d0a24340d0a50494e470d0a",
    "PostgreSQL startup   | 00000054000300007573657200706f73746772657300646174616261736500706f737467726573000000",
    "PostgreSQL SSL       | 0000000804d2162f",
    "MySQL greeting       | 4a0000000a382e302e333600090000003b2c2f6a57714e3700ffff2d0200ffdf1500000000000000",
    "MariaDB greeting     | 5b0000000a352e352e352d31302e31312e362d4d617269614442000300000021663e",
    "memcached text       | 676574206b0d0a",
    "memcached bin get    | 80000001000000000000000100000000000000006b",
    "memcached bin answer | 8100000004000000000000090000000000000000000000010000000076616c7565",
    "SSH banner           | 5353482d322e302d4f70656e5353485f392e320d0a",
  })
  void otherProtocolsStartsAreNotDnsInEitherDirectionOnEitherTransportEvenOnPort53(String protocol, String hex) {
    byte[] bytes = BaseEncoding.base16().lowerCase().decode(hex);
    for (Connection connection : List.of(TCP, UDP, TCP_ON_53, UDP_ON_53)) {
      for (Direction direction : Direction.values()) {
        assertEquals(Inference.NO, parser.infer(direction, buffer(bytes), connection), protocol + " on " + connection);
      }
    }
  }

  @Test
  void wellFormedButUnusualMessagesAreMaybeOnPort53AndNotDnsElsewhere() {
    List<byte[]> unusual = List.of( // a space in a name, an unknown type, a FORMERR without question
        DnsMessages.query(7, "has space.example", 1),
        DnsMessages.query(7, "example.test", 65280),
        DnsMessages.header(7, 0x8101, 0, 0, 0, 1).name("").record(41, new byte[0]).toByteArray());
    for (byte[] message : unusual) {
      assertEquals(Inference.MAYBE, parser.infer(Direction.RECEIVED, buffer(message), UDP_ON_53));
      assertEquals(Inference.MAYBE, parser.infer(Direction.SENT, buffer(DnsCaptures.framed(message)), TCP_ON_53));
      assertEquals(Inference.NO, parser.infer(Direction.RECEIVED, buffer(message), UDP));
      assertEquals(Inference.NO, parser.infer(Direction.SENT, buffer(DnsCaptures.framed(message)), TCP));
    }
  }

  @Test
  void insaneHeadersAreNotDns() {
    byte[] query = DnsCaptures.udpQuery(0);
    assertEquals(Inference.NO, infer(with(query, 2, 0x18)), "opcode 3");
    assertEquals(Inference.NO, infer(with(query, 3, 0x40)), "Z set");
    assertEquals(Inference.NO, infer(with(query, 5, 2)), "a query with two questions");
    assertEquals(Inference.NO, infer(with(query, 7, 1)), "a query with an answer");
    assertEquals(Inference.NO, infer(with(query, 11, 9)), "more records than the bytes can hold");
    assertEquals(Inference.NO, infer(with(query, 12, 0xC0)), "a question that starts with a pointer");
    assertEquals(Inference.NO, infer(Arrays.copyOf(query, query.length + 1)), "a byte after the last record");
    assertEquals(Inference.NO, infer(DnsMessages.query(1, "example.test", 0)), "type 0");
  }

  private Inference infer(byte[] datagram) {
    return parser.infer(Direction.RECEIVED, buffer(datagram), UDP);
  }

  private static byte[] with(byte[] message, int index, int value) {
    byte[] changed = message.clone();
    changed[index] = (byte) value;
    return changed;
  }

  private static ByteBuffer buffer(byte[] bytes) {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }
}
