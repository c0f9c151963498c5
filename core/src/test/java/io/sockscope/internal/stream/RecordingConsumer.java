package io.sockscope.internal.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A consumer that writes down every call as text ({@code "data@7:abc"}, {@code
 * "gap@7:LOST:3"}) and consumes as its policy says.
 */
final class RecordingConsumer implements StreamConsumer {
  static final ToIntFunction<ByteBuffer> CONSUME_ALL = ByteBuffer::remaining;
  static final ToIntFunction<ByteBuffer> CONSUME_NOTHING = data -> 0;
  /** Consumes up to and including the last newline, as a line parser would. */
  static final ToIntFunction<ByteBuffer> CONSUME_LINES =
      data -> {
        for (int i = data.limit() - 1; i >= data.position(); i--) {
          if (data.get(i) == '\n') {
            return i + 1 - data.position();
          }
        }
        return 0;
      };

  final List<String> events = new ArrayList<>();
  private final ToIntFunction<ByteBuffer> policy;

  RecordingConsumer(ToIntFunction<ByteBuffer> policy) {
    this.policy = policy;
  }

  @Override
  public int onData(ByteBuffer data, long timestampNanos) {
    if (!data.isReadOnly() || data.position() != 0) {
      throw new AssertionError("offered a writable buffer or one not starting at 0");
    }
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    events.add("data@" + timestampNanos + ":" + new String(bytes, StandardCharsets.ISO_8859_1));
    return policy.applyAsInt(data);
  }

  @Override
  public void onGap(long length, GapCause cause, long timestampNanos) {
    events.add("gap@" + timestampNanos + ":" + cause + ":" + length);
  }

  /** All data offered, concatenated, ignoring gaps: what a consume-all parser saw. */
  String dataText() {
    StringBuilder text = new StringBuilder();
    for (String event : events) {
      if (event.startsWith("data@")) {
        text.append(event, event.indexOf(':') + 1, event.length());
      }
    }
    return text.toString();
  }
}
