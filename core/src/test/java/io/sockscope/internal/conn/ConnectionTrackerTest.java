package io.sockscope.internal.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.TlsLibrary;
import io.sockscope.Transport;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tracker with a line protocol: a request is a line starting with "Q", its response the next
 * line starting with "A". "BOOM" makes the parser throw, "BAD" makes it give up, "ASTARTTLS"
 * says TLS records follow.
 */
class ConnectionTrackerTest {
  private static final ConnectionKey KEY = new ConnectionKey(42, 7, 1000);
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 9000);
  private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50000);

  private final StatsCounters stats = new StatsCounters();
  private final List<Exchange> exchanges = new ArrayList<>();
  private final List<String> gaps = new ArrayList<>();
  private final List<ConnectionKey> disabledInKernel = new ArrayList<>();
  private final List<KernelSwitch.Layer> disabledLayers = new ArrayList<>();
  private static final TlsLibrary LIBSSL = new TlsLibrary(TlsLibrary.Kind.OPENSSL, "/usr/lib/libssl.so.3", null);
  private final ConnectionTracker tracker = new ConnectionTracker(
      List.of(new LineParser()), new StreamLimits(4096, 1 << 20, 16), stats, exchanges::add,
      (key, layer) -> disabledInKernel.add(key) && disabledLayers.add(layer), id -> id == 3 ? LIBSSL : null);
  private int tlsLibrary; // the probe id data() puts in its chunks: 0 for socket bytes

  private void data(Direction direction, long position, String text, long size, long time) {
    data(KEY, direction, position, text, size, time);
  }

  private void data(ConnectionKey key, Direction direction, long position, String text, long size, long time) {
    DataChunk chunk = new DataChunk();
    chunk.direction = direction;
    chunk.position = position;
    chunk.bytes = text.getBytes(StandardCharsets.US_ASCII);
    chunk.captured = chunk.bytes.length;
    chunk.size = size;
    chunk.timestampNanos = time;
    chunk.tlsLibrary = tlsLibrary;
    tracker.onData(key, chunk);
  }

  private void data(Direction direction, long position, String text, long time) {
    data(direction, position, text, text.length(), time);
  }

  private void open() {
    tracker.onOpen(KEY, new Connection(42, 7, 1000, "srv", Role.SERVER, Transport.TCP, LOCAL, REMOTE));
  }

  @Test
  void pairsRequestsAndResponsesAcrossSplitChunks() {
    open();
    data(Direction.RECEIVED, 0, "Qpi", 10);
    data(Direction.RECEIVED, 3, "ng\n", 11);
    data(Direction.SENT, 0, "Apong\n", 20);
    assertEquals(1, exchanges.size());
    assertEquals("Qping -> Apong", exchanges.get(0).summary());
    assertEquals(11, exchanges.get(0).startNanos());
    assertEquals(20, exchanges.get(0).endNanos());
    assertEquals("srv", exchanges.get(0).connection().command());
  }

  @Test
  void bytesThatNoParserRecognisesStopTheConnectionAndAreCounted() {
    open();
    data(Direction.RECEIVED, 0, "GET / HTTP/1.1\r\n", 10);
    data(Direction.RECEIVED, 16, "Qlater\n", 11);
    assertEquals(1, stats.connectionsWithoutProtocol.sum());
    assertEquals(0, exchanges.size());
    assertEquals(List.of(KEY), disabledInKernel);
  }

  @Test
  void notCapturedBytesReachTheParserAsAGapAndAreCounted() {
    open();
    data(Direction.RECEIVED, 0, "Qbig\n", 100, 10); // 95 bytes past the cap
    data(Direction.RECEIVED, 100, "Qnext\n", 12);
    assertEquals(List.of("RECEIVED 95"), gaps);
    assertEquals(95, stats.bytesNotCaptured.sum());
  }

  @Test
  void aHoleTheKernelLostBecomesAGapWhenItReportsLoss() {
    open();
    data(Direction.RECEIVED, 0, "Qa\n", 10);
    data(Direction.RECEIVED, 50, "Qb\n", 11); // bytes 3 to 49 never arrive
    assertEquals(List.of(), gaps);
    tracker.onKernelLoss(12);
    assertEquals(List.of("RECEIVED 47"), gaps);
    assertEquals(47, stats.bytesLostInGaps.sum());
  }

  @Test
  void bytesTheKernelCountedButNeverDeliveredAreAGapAtClose() {
    open();
    data(Direction.RECEIVED, 0, "Qa\n", 10);
    tracker.onClose(KEY, 0, 30, 0, 0, 20); // 27 received bytes never arrived: a lost tail
    assertEquals(List.of("RECEIVED 27"), gaps);
    assertEquals(27, stats.bytesLostInGaps.sum());
    assertEquals(1, stats.connectionsClosed.sum());
  }

  @Test
  void tlsRecordsAtTheSocketAreNotParsedAndTheirPlaintextIs() {
    open();
    // A ClientHello's record header, then more ciphertext: not for any parser, never "no protocol".
    data(Direction.RECEIVED, 0, "\u0016\u0003\u0001\u0002\u0000 hello ciphertext", 10);
    data(Direction.SENT, 0, "\u0016\u0003\u0003\u0000\u007a server hello", 11);
    assertEquals(0, stats.connectionsWithoutProtocol.sum());
    assertEquals(List.of(KernelSwitch.Layer.SOCKET), disabledLayers, "the kernel stops copying the ciphertext");
    assertEquals(22 + 18, stats.ciphertextBytesNotParsed.sum());

    tlsLibrary = 3; // plaintext from the TLS probes, its own positions from 0
    data(Direction.RECEIVED, 0, "Qsecret\n", 20);
    data(Direction.SENT, 0, "Aplain\n", 21);
    tlsLibrary = 0;
    data(Direction.RECEIVED, 25, "\u0017\u0003\u0003 late ciphertext", 22); // in flight before the kernel knew
    assertEquals(1, exchanges.size());
    assertEquals("Qsecret -> Aplain", exchanges.get(0).summary());
    assertEquals(Optional.of(LIBSSL), exchanges.get(0).connection().tls());
    assertEquals(1, stats.connectionsTls.sum());

    tracker.onClose(KEY, 9999, 9999, 7, 8, 30); // the plaintext totals count, not the socket's
    assertEquals(List.of(), gaps);
    assertEquals(0, stats.bytesLostInGaps.sum());
    assertEquals(0, stats.connectionsEncryptedWithoutPlaintext.sum());
  }

  @Test
  void aTlsConnectionWithoutPlaintextIsCountedAtCloseWithoutGaps() {
    open();
    data(Direction.RECEIVED, 0, "\u0017\u0003\u0003\u0000\u0010 application data", 10);
    tracker.onClose(KEY, 500, 700, 0, 0, 20); // the ciphertext the kernel stopped copying is no gap
    assertEquals(1, stats.connectionsEncryptedWithoutPlaintext.sum());
    assertEquals(0, stats.bytesLostInGaps.sum());
    assertEquals(0, stats.connectionsWithoutProtocol.sum());
  }

  @Test
  void plaintextMissingAtCloseOfATlsConnectionIsAGap() {
    open();
    tlsLibrary = 3;
    data(Direction.RECEIVED, 0, "Qa\n", 10);
    tracker.onClose(KEY, 0, 4000, 0, 10, 20); // 7 plaintext bytes never arrived
    assertEquals(List.of("RECEIVED 7"), gaps);
    assertEquals(7, stats.bytesLostInGaps.sum());
  }

  @Test
  void aParserExceptionIsCountedAndDisablesOnlyItsConnection() {
    open();
    ConnectionKey other = new ConnectionKey(43, 7, 2000);
    data(Direction.RECEIVED, 0, "QBOOM\n", 10);
    data(other, Direction.RECEIVED, 0, "Qping\n", 6, 11);
    data(other, Direction.SENT, 0, "Apong\n", 6, 12);
    data(Direction.RECEIVED, 6, "Qafter\n", 13);
    data(Direction.SENT, 0, "Aafter\n", 14);
    assertEquals(1, stats.parserErrors.sum());
    assertEquals(java.util.Map.of("line: parser threw IllegalStateException", 1L), stats.reasons());
    assertEquals(1, exchanges.size(), "only the other connection's exchange");
    assertEquals(43, exchanges.get(0).connection().pid());
    assertEquals(2, stats.connectionsOpened.sum());
  }

  @Test
  void aParserThatGivesUpIsCountedAndFedNoMore() {
    open();
    data(Direction.RECEIVED, 0, "QBAD\n", 10);
    data(Direction.RECEIVED, 5, "Qping\n", 11);
    data(Direction.SENT, 0, "Apong\n", 12);
    assertEquals(1, stats.parseFailures.sum());
    assertEquals(java.util.Map.of("line: bad line", 1L), stats.reasons());
    assertEquals(0, exchanges.size());
    assertEquals(List.of(KEY), disabledInKernel, "the kernel stops copying it");
    assertEquals(1, stats.connectionsDisabledInKernel.sum());
  }

  @Test
  void aBypassStopsParsingAndIsCountedWithItsReason() {
    open();
    tracker.onBypass(KEY, "bytes moved by splice, not captured");
    data(Direction.RECEIVED, 0, "Qping\n", 10);
    data(Direction.SENT, 0, "Apong\n", 11);
    assertEquals(0, exchanges.size());
    assertEquals(1, stats.connectionsBypassed.sum());
    assertEquals(java.util.Map.of("capture: bytes moved by splice, not captured", 1L), stats.reasons());
  }

  @Test
  void datagramsAreReassembledFromTheirChunksAndHandedOverWithTheirPeer() {
    ConnectionKey udp = new ConnectionKey(44, 9, 3000);
    tracker.onOpen(udp, new Connection(44, 9, 3000, "dns", Role.UNKNOWN, Transport.UDP, LOCAL, REMOTE));
    InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 5353);
    datagram(udp, 0, "Qhel", 7, true, peer, 20);
    datagram(udp, 4, "lo\n", 7, false, null, 21);
    assertEquals(List.of("RECEIVED /127.0.0.1:5353 Qhello\n 0"), datagrams);
  }

  private final List<String> datagrams = new ArrayList<>();

  private void datagram(ConnectionKey key, long position, String text, long messageSize, boolean start,
      InetSocketAddress peer, long time) {
    DataChunk chunk = new DataChunk();
    chunk.direction = Direction.RECEIVED;
    chunk.position = position;
    chunk.bytes = text.getBytes(StandardCharsets.US_ASCII);
    chunk.captured = chunk.bytes.length;
    chunk.size = chunk.bytes.length;
    chunk.timestampNanos = time;
    chunk.datagram = true;
    chunk.messageStart = start;
    chunk.messageSize = messageSize;
    chunk.peer = peer;
    tracker.onData(key, chunk);
  }

  @Test
  void aParserSayingTlsStartsStopsTheSocketLayerWithoutAFailureAndThePlaintextIsParsed() {
    open();
    data(Direction.RECEIVED, 0, "Qtls\n", 10);
    data(Direction.SENT, 0, "ASTARTTLS\n", 11);
    data(Direction.RECEIVED, 5, "\u0016\u0003\u0001 client hello", 12);
    assertEquals(List.of(KernelSwitch.Layer.SOCKET), disabledLayers);
    assertEquals(0, stats.parseFailures.sum());
    assertEquals(16, stats.ciphertextBytesNotParsed.sum());

    tlsLibrary = 3;
    data(Direction.RECEIVED, 0, "Qsecret\n", 13);
    data(Direction.SENT, 0, "Aok\n", 14);
    assertEquals(List.of("Qtls -> ASTARTTLS", "Qsecret -> Aok"), exchanges.stream().map(Exchange::summary).toList());
    assertEquals(Optional.of(LIBSSL), exchanges.get(1).connection().tls());
    assertEquals(0, stats.parseFailures.sum());
  }

  @Test
  void processExitClosesItsConnectionsOnly() {
    open();
    tracker.onOpen(new ConnectionKey(43, 3, 5), new Connection(43, 3, 5, "x", Role.CLIENT, Transport.TCP, LOCAL, REMOTE));
    tracker.onProcessExit(42, 100);
    assertEquals(1, tracker.size());
    assertEquals(1, stats.connectionsClosed.sum());
  }

  @Test
  void dataWithoutAnOpenRecordIsTracedAsAnUnknownConnectionWhoseRoleTheParserEstablishes() {
    data(Direction.SENT, 0, "Qhi\n", 10);
    data(Direction.RECEIVED, 0, "Ayo\n", 11);
    assertEquals(1, exchanges.size());
    assertEquals(Role.CLIENT, exchanges.get(0).connection().role(), "it sent the request");
  }

  @Test
  void aParserCannotChangeAKnownRole() {
    tracker.onOpen(KEY, new Connection(42, 7, 1000, "srv", Role.SERVER, Transport.TCP, LOCAL, REMOTE));
    data(Direction.SENT, 0, "Qhi\n", 10); // the toy says CLIENT: the open record knew better
    data(Direction.RECEIVED, 0, "Ayo\n", 11);
    assertEquals(Role.SERVER, exchanges.get(0).connection().role());
  }

  /** Requests "Q...\n", responses "A...\n"; "BOOM" throws, "BAD" gives up. */
  private final class LineParser implements ProtocolParser {
    @Override
    public String protocol() {
      return "line";
    }

    @Override
    public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
      if (!firstBytes.hasRemaining()) {
        return Inference.NEED_MORE_BYTES;
      }
      byte first = firstBytes.get(firstBytes.position());
      return first == 'Q' || first == 'A' ? Inference.YES : Inference.NO;
    }

    @Override
    public ParserSession newSession(SessionContext context) {
      return new ParserSession() {
        private String request;
        private long requestTime;

        @Override
        public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
          int consumed = 0;
          for (int i = data.position(); i < data.limit(); i++) {
            if (data.get(i) != '\n') {
              continue;
            }
            byte[] line = new byte[i - data.position() - consumed];
            data.get(data.position() + consumed, line);
            String text = new String(line, StandardCharsets.US_ASCII);
            consumed = i - data.position() + 1;
            if (text.contains("BOOM")) {
              throw new IllegalStateException("boom");
            }
            if (text.contains("BAD")) {
              context.unparseable("bad line");
              return consumed;
            }
            if (text.startsWith("Q")) {
              context.establishRole(direction == Direction.RECEIVED ? Role.SERVER : Role.CLIENT);
              request = text;
              requestTime = timestampNanos;
            } else if (request != null) {
              context.emit(Exchange.builder("line", context.connection())
                  .startNanos(requestTime).endNanos(timestampNanos).summary(request + " -> " + text).build());
              request = null;
              if (text.equals("ASTARTTLS")) {
                context.startsTls();
                return consumed;
              }
            }
          }
          return consumed;
        }

        @Override
        public void onGap(Direction direction, long length, long timestampNanos) {
          gaps.add(direction + " " + length);
        }

        @Override
        public void onDatagram(Direction direction, InetSocketAddress peer, ByteBuffer payload, long notCaptured, long ts) {
          byte[] bytes = new byte[payload.remaining()];
          payload.get(bytes);
          datagrams.add(direction + " " + peer + " " + new String(bytes, StandardCharsets.US_ASCII) + " " + notCaptured);
        }
      };
    }
  }
}
