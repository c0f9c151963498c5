package io.sockscope.protocols.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import io.sockscope.spi.ProtocolParser;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the tracer saw on one connection, in order: bytes of each direction with the timestamp of
 * the call that moved them, whole datagrams, gaps, and the close. Replays it into a fresh session
 * of a parser whole, with one call split in two at any offset, or one byte per call (datagrams
 * are never split: the tracer hands them over whole).
 */
public final class Capture {

  /** One thing the tracer reports to a session. */
  public sealed interface Event permits Data, Datagram, Gap, Close {}

  public record Data(Direction direction, byte[] bytes, long nanos) implements Event {}

  public record Datagram(Direction direction, InetSocketAddress peer, byte[] bytes, long notCaptured, long nanos)
      implements Event {}

  public record Gap(Direction direction, long length, long nanos) implements Event {}

  public record Close(long nanos) implements Event {}

  /** Where to split: the index of a {@link Data} event and the offset inside its bytes. */
  public record SplitPoint(int event, int offset) {}

  private final ProtocolParser parser;
  private final Connection connection;
  private final List<Event> events = new ArrayList<>();

  private Capture(ProtocolParser parser, Connection connection) {
    this.parser = parser;
    this.connection = connection;
  }

  /** Starts a capture of a connection, to be replayed into sessions of {@code parser}. */
  public static Capture of(ProtocolParser parser, Connection connection) {
    return new Capture(parser, connection);
  }

  public Connection connection() {
    return connection;
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public Capture data(Direction direction, byte[] bytes, long nanos) {
    events.add(new Data(direction, bytes.clone(), nanos));
    return this;
  }

  /** Bytes given as a string of ISO-8859-1 characters, one byte each. */
  public Capture data(Direction direction, String bytes, long nanos) {
    return data(direction, bytes.getBytes(ISO_8859_1), nanos);
  }

  public Capture sent(String bytes, long nanos) {
    return data(Direction.SENT, bytes, nanos);
  }

  public Capture received(String bytes, long nanos) {
    return data(Direction.RECEIVED, bytes, nanos);
  }

  public Capture sent(byte[] bytes, long nanos) {
    return data(Direction.SENT, bytes, nanos);
  }

  public Capture received(byte[] bytes, long nanos) {
    return data(Direction.RECEIVED, bytes, nanos);
  }

  /** One whole datagram of a UDP socket, with the peer it came from or went to. */
  public Capture datagram(Direction direction, InetSocketAddress peer, byte[] bytes, long nanos) {
    events.add(new Datagram(direction, peer, bytes.clone(), 0, nanos));
    return this;
  }

  public Capture gap(Direction direction, long length, long nanos) {
    events.add(new Gap(direction, length, nanos));
    return this;
  }

  public Capture close(long nanos) {
    events.add(new Close(nanos));
    return this;
  }

  /** Replays every event as one call. */
  public RecordingContext replay() {
    return replay(events);
  }

  /** Replays with the data event {@code point.event()} split in two calls at the offset. */
  public RecordingContext replaySplitAt(SplitPoint point) {
    List<Event> split = new ArrayList<>(events);
    Data data = (Data) split.remove(point.event());
    byte[] bytes = data.bytes();
    split.add(
        point.event(),
        new Data(
            data.direction(),
            Arrays.copyOfRange(bytes, point.offset(), bytes.length),
            data.nanos()));
    split.add(
        point.event(),
        new Data(data.direction(), Arrays.copyOf(bytes, point.offset()), data.nanos()));
    return replay(split);
  }

  /** Replays every data event one byte per call. */
  public RecordingContext replayOneByteAtATime() {
    List<Event> bytewise = new ArrayList<>();
    for (Event event : events) {
      if (event instanceof Data data) {
        for (byte b : data.bytes()) {
          bytewise.add(new Data(data.direction(), new byte[] {b}, data.nanos()));
        }
      } else {
        bytewise.add(event);
      }
    }
    return replay(bytewise);
  }

  /** Every offset inside every data event at which {@link #replaySplitAt} can split. */
  public List<SplitPoint> splitPoints() {
    List<SplitPoint> points = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof Data data) {
        for (int offset = 1; offset < data.bytes().length; offset++) {
          points.add(new SplitPoint(i, offset));
        }
      }
    }
    return points;
  }

  private RecordingContext replay(List<Event> toReplay) {
    RecordingContext context = new RecordingContext(connection);
    SessionDriver driver = new SessionDriver(parser.newSession(context));
    for (Event event : toReplay) {
      if (event instanceof Data data) {
        driver.data(data.direction(), data.bytes(), data.nanos());
      } else if (event instanceof Datagram datagram) {
        driver.datagram(datagram.direction(), datagram.peer(), datagram.bytes(), datagram.notCaptured(), datagram.nanos());
      } else if (event instanceof Gap gap) {
        driver.gap(gap.direction(), gap.length(), gap.nanos());
      } else if (event instanceof Close close) {
        driver.close(close.nanos());
      }
    }
    return context;
  }
}
