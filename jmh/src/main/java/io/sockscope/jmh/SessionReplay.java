package io.sockscope.jmh;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.Transport;
import io.sockscope.spi.Direction;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Replays recorded traffic into one sockscope parser session, as the server's end of the
 * connection sees it (requests received, responses sent), and feeds it the way the tracer's
 * {@code DataStream} does: each piece is appended behind the bytes the session left unconsumed,
 * the whole is offered through one reused read-only view, and the consumed bytes are dropped from
 * the front. The session lives as long as the replay, like a long keep-alive connection.
 */
final class SessionReplay {
  private final List<RecordedTraffic.Read> pieces;
  private final CountingContext context;
  private final ParserSession session;
  private final Unconsumed received = new Unconsumed();
  private final Unconsumed sent = new Unconsumed();
  private long timestampNanos;

  SessionReplay(ProtocolParser parser, List<RecordedTraffic.Read> pieces, String serverCommand, int serverPort) {
    this.pieces = pieces;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Connection connection = new Connection(1200, 7, 1L, serverCommand, Role.SERVER, Transport.TCP,
        new InetSocketAddress(loopback, serverPort), new InetSocketAddress(loopback, 50_000));
    this.context = new CountingContext(connection);
    this.session = parser.newSession(context);
  }

  /** Feeds every piece once; returns the exchanges the session emitted meanwhile. */
  int replay() {
    int before = context.exchanges;
    for (RecordedTraffic.Read piece : pieces) {
      timestampNanos += 1_000;
      if (piece.fromClient()) {
        received.offer(session, Direction.RECEIVED, piece.bytes(), timestampNanos);
      } else {
        sent.offer(session, Direction.SENT, piece.bytes(), timestampNanos);
      }
    }
    return context.exchanges - before;
  }

  /** One direction's bytes the session has not consumed yet. */
  private static final class Unconsumed {
    private byte[] buffer = new byte[4096];
    private ByteBuffer view = ByteBuffer.wrap(buffer).asReadOnlyBuffer();
    private int length;

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
