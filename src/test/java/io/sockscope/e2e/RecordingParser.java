package io.sockscope.e2e;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * A parser that claims every connection and records what the tracer delivers to it: per
 * connection, the bytes of each direction (it consumes everything it is offered), each gap,
 * each datagram and whether the connection closed. The tracer calls the sessions on its handler
 * threads; the test reads the recordings from its own thread, so every accessor synchronizes.
 */
final class RecordingParser implements ProtocolParser {
  static final String PROTOCOL = "recording";

  private final List<Recording> recordings = new ArrayList<>();

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    return Inference.YES;
  }

  @Override
  public ParserSession newSession(SessionContext context) {
    Recording recording = new Recording(context.connection());
    synchronized (this) {
      recordings.add(recording);
      notifyAll();
    }
    return recording.session();
  }

  /** Every connection a session was opened for, in the order they were opened. */
  synchronized List<Recording> recordings() {
    return List.copyOf(recordings);
  }

  /** Waits until {@code count} recordings match and are closed, and returns those that match. */
  synchronized List<Recording> awaitClosed(Predicate<Recording> filter, int count, long timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      List<Recording> closed = matching(filter.and(Recording::closed));
      if (closed.size() >= count) {
        break;
      }
      wait(50); // closing happens inside a Recording, which does not notify this monitor
    }
    return matching(filter);
  }

  private List<Recording> matching(Predicate<Recording> filter) {
    return recordings.stream().filter(filter).collect(Collectors.toList());
  }

  /** One piece of one direction of a stream: captured bytes, or a gap of a given length. */
  record Segment(byte[] data, long gap) {
    static Segment data(byte[] bytes) {
      return new Segment(bytes, 0);
    }

    static Segment gap(long length) {
      return new Segment(new byte[0], length);
    }

    boolean isGap() {
      return gap > 0;
    }

    /** {@code data 100 crc 1a2b3c4d} or {@code gap 5000}: short enough for an assertion message. */
    String describe() {
      if (isGap()) {
        return "gap " + gap;
      }
      CRC32 crc = new CRC32();
      crc.update(data);
      String head = new String(data, 0, Math.min(16, data.length), StandardCharsets.ISO_8859_1)
          .replace("\n", "\\n");
      return "data " + data.length + " [" + head + "] crc " + Long.toHexString(crc.getValue());
    }
  }

  /** One gap as the session heard it. */
  record Gap(Direction direction, long length) {}

  /** One datagram as the session heard it. */
  record Datagram(Direction direction, InetSocketAddress peer, byte[] payload, long notCapturedBytes) {}

  /** What one connection's session was given. */
  static final class Recording {
    private final Connection connection;
    private final Map<Direction, List<Segment>> segments = new EnumMap<>(Direction.class);
    private final List<Gap> gaps = new ArrayList<>();
    private final List<Datagram> datagrams = new ArrayList<>();
    private boolean closed;

    Recording(Connection connection) {
      this.connection = connection;
      for (Direction direction : Direction.values()) {
        segments.put(direction, new ArrayList<>());
      }
    }

    Connection connection() {
      return connection;
    }

    /** The captured bytes of one direction, concatenated (gaps leave no trace here). */
    synchronized byte[] bytes(Direction direction) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Segment segment : segments.get(direction)) {
        out.writeBytes(segment.data());
      }
      return out.toByteArray();
    }

    /**
     * One direction as data and gaps in stream order, adjacent data joined and adjacent gaps
     * joined, so the result does not depend on how the tracer cut its deliveries.
     */
    synchronized List<Segment> segments(Direction direction) {
      return List.copyOf(segments.get(direction));
    }

    synchronized List<Gap> gaps() {
      return List.copyOf(gaps);
    }

    synchronized List<Datagram> datagrams() {
      return List.copyOf(datagrams);
    }

    synchronized boolean closed() {
      return closed;
    }

    @Override
    public String toString() {
      return connection.toString();
    }

    private synchronized void onData(Direction direction, ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.duplicate().get(bytes);
      List<Segment> list = segments.get(direction);
      if (!list.isEmpty() && !list.get(list.size() - 1).isGap()) {
        byte[] previous = list.remove(list.size() - 1).data();
        byte[] joined = Arrays.copyOf(previous, previous.length + bytes.length);
        System.arraycopy(bytes, 0, joined, previous.length, bytes.length);
        bytes = joined;
      }
      list.add(Segment.data(bytes));
    }

    private synchronized void onGap(Direction direction, long length) {
      gaps.add(new Gap(direction, length));
      List<Segment> list = segments.get(direction);
      if (!list.isEmpty() && list.get(list.size() - 1).isGap()) {
        length += list.remove(list.size() - 1).gap();
      }
      list.add(Segment.gap(length));
    }

    private synchronized void onDatagram(Direction direction, InetSocketAddress peer, ByteBuffer payload, long notCaptured) {
      byte[] bytes = new byte[payload.remaining()];
      payload.duplicate().get(bytes);
      datagrams.add(new Datagram(direction, peer, bytes, notCaptured));
    }

    private synchronized void onClose() {
      closed = true;
    }

    private ParserSession session() {
      return new ParserSession() {
        @Override
        public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
          Recording.this.onData(direction, data);
          return data.remaining();
        }

        @Override
        public void onGap(Direction direction, long length, long timestampNanos) {
          Recording.this.onGap(direction, length);
        }

        @Override
        public void onDatagram(
            Direction direction, InetSocketAddress peer, ByteBuffer payload, long notCapturedBytes, long timestampNanos) {
          Recording.this.onDatagram(direction, peer, payload, notCapturedBytes);
        }

        @Override
        public void onClose(long timestampNanos) {
          Recording.this.onClose();
        }
      };
    }
  }
}
