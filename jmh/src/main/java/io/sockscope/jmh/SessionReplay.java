package io.sockscope.jmh;

import io.sockscope.Transport;
import io.sockscope.spi.Direction;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Replays a recorded connection into a sockscope parser, found through ServiceLoader, as the
 * server's end sees it (requests received, responses sent), and feeds it the way the tracer does.
 * On TCP, as {@code DataStream} does: each piece is appended behind the bytes the session left
 * unconsumed, the whole is offered through one reused read-only view, and the consumed bytes are
 * dropped from the front. On UDP, each datagram whole, with the client as its peer.
 *
 * <p>Each replay is the connection again, from its first byte to its close, with a new session:
 * most recordings begin with a handshake that a session reads only once.
 */
final class SessionReplay {
  private final Recording recording;
  private final ProtocolParser parser;
  private final List<RecordedTraffic.Read> pieces;
  private final ByteBuffer[] views;
  private final long bytes;
  private final CountingContext context;
  private final InetSocketAddress client;
  private final Unconsumed received = new Unconsumed();
  private final Unconsumed sent = new Unconsumed();
  private long timestampNanos;

  /**
   * @throws IllegalArgumentException for datagrams delivered other than {@link Delivery#PER_READ}:
   *     the tracer hands each over whole
   */
  SessionReplay(Recording recording, Delivery delivery) {
    if (recording.transport() == Transport.UDP && delivery != Delivery.PER_READ) {
      throw new IllegalArgumentException(recording + " is datagrams, each handed over whole: only PER_READ");
    }
    RecordedTraffic traffic = recording.traffic();
    this.recording = recording;
    this.parser = BundledParsers.load(recording.protocol());
    this.pieces = traffic.pieces(delivery);
    this.views = pieces.stream().map(piece -> ByteBuffer.wrap(piece.bytes()).asReadOnlyBuffer()).toArray(ByteBuffer[]::new);
    this.bytes = traffic.totalBytes();
    this.context = new CountingContext(recording.serverSocket());
    this.client = recording.client();
  }

  /**
   * Replays the connection once into a new session and closes it; fails unless every exchange of
   * the recording completed. Adds the bytes and exchanges to {@code counters}.
   */
  int replay(ParsedThroughput counters) {
    int before = context.exchanges;
    ParserSession session = parser.newSession(context);
    received.clear();
    sent.clear();
    boolean datagrams = recording.transport() == Transport.UDP;
    for (int i = 0; i < views.length; i++) {
      timestampNanos += 1_000;
      Direction direction = pieces.get(i).fromClient() ? Direction.RECEIVED : Direction.SENT;
      if (datagrams) {
        session.onDatagram(direction, client, views[i].clear(), 0, timestampNanos);
      } else {
        (direction == Direction.RECEIVED ? received : sent).offer(session, direction, pieces.get(i).bytes(), timestampNanos);
      }
    }
    session.onClose(timestampNanos);
    int exchanges = context.exchanges - before;
    recording.checkComplete("sockscope", exchanges);
    counters.add(bytes, exchanges);
    return exchanges;
  }

  /** One direction's bytes the session has not consumed yet. */
  private static final class Unconsumed {
    private byte[] buffer = new byte[4096];
    private ByteBuffer view = ByteBuffer.wrap(buffer).asReadOnlyBuffer();
    private int length;

    void clear() {
      length = 0;
    }

    void offer(ParserSession session, Direction direction, byte[] bytes, long timestampNanos) {
      if (length + bytes.length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + bytes.length));
        view = ByteBuffer.wrap(buffer).asReadOnlyBuffer();
      }
      System.arraycopy(bytes, 0, buffer, length, bytes.length);
      length += bytes.length;
      view.position(0).limit(length);
      int consumed = session.onData(direction, view, timestampNanos);
      if (consumed < 0 || consumed > length) {
        throw new IllegalStateException("the session consumed " + consumed + " of " + length + " bytes");
      }
      length -= consumed;
      System.arraycopy(buffer, consumed, buffer, 0, length);
    }
  }
}
