package io.sockscope.protocols.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the tracer saw on one connection, in order: bytes of each direction with the timestamp of
 * the call that moved them, gaps, and the close. Replays it into a fresh session whole, with one
 * call split in two at any offset, or one byte per call.
 */
final class Capture {

  /** One thing the tracer reports to a session. */
  sealed interface Event permits Data, Gap, Close {}

  record Data(Direction direction, byte[] bytes, long nanos) implements Event {}

  record Gap(Direction direction, long length, long nanos) implements Event {}

  record Close(long nanos) implements Event {}

  /** Where to split: the index of a {@link Data} event and the offset inside its bytes. */
  record SplitPoint(int event, int offset) {}

  private final Connection connection;
  private final List<Event> events = new ArrayList<>();

  private Capture(Connection connection) {
    this.connection = connection;
  }

  /** Starts a capture of a connection. */
  static Capture of(Connection connection) {
    return new Capture(connection);
  }

  Capture data(Direction direction, String bytes, long nanos) {
    events.add(new Data(direction, bytes.getBytes(ISO_8859_1), nanos));
    return this;
  }

  Capture sent(String bytes, long nanos) {
    return data(Direction.SENT, bytes, nanos);
  }

  Capture received(String bytes, long nanos) {
    return data(Direction.RECEIVED, bytes, nanos);
  }

  Capture gap(Direction direction, long length, long nanos) {
    events.add(new Gap(direction, length, nanos));
    return this;
  }

  Capture close(long nanos) {
    events.add(new Close(nanos));
    return this;
  }

  /** Replays every event as one call. */
  RecordingContext replay() {
    return replay(events);
  }

  /** Replays with the data event {@code point.event()} split in two calls at the offset. */
  RecordingContext replaySplitAt(SplitPoint point) {
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
  RecordingContext replayOneByteAtATime() {
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
  List<SplitPoint> splitPoints() {
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
    SessionDriver driver = new SessionDriver(new HttpParser().newSession(context));
    for (Event event : toReplay) {
      if (event instanceof Data data) {
        driver.data(data.direction(), data.bytes(), data.nanos());
      } else if (event instanceof Gap gap) {
        driver.gap(gap.direction(), gap.length(), gap.nanos());
      } else if (event instanceof Close close) {
        driver.close(close.nanos());
      }
    }
    return context;
  }
}
