package io.sockscope.protocols.memcached;

/**
 * Tells when a byte of one direction was transferred. A session is offered the bytes it left
 * unconsumed again, in front of new ones, with the new call's timestamp; the clock remembers when
 * the left-over bytes first came, so a message that starts in them keeps its own start time however
 * the stream was cut into calls. Confined to the session's thread.
 */
final class ArrivalClock {

  private int leftoverBytes;
  private long leftoverSinceNanos;
  private long nowNanos;

  /** A call offers {@code remaining} bytes, the newest transferred at {@code timestampNanos}. */
  void offered(int remaining, long timestampNanos) {
    nowNanos = timestampNanos;
    leftoverBytes = Math.min(leftoverBytes, remaining);
  }

  /** When the byte at {@code offset} from the start of the offered bytes was transferred. */
  long nanosAt(int offset) {
    return offset < leftoverBytes ? leftoverSinceNanos : nowNanos;
  }

  /** The call consumed {@code consumed} of the {@code remaining} bytes it was offered. */
  void consumed(int consumed, int remaining) {
    int left = remaining - consumed;
    if (left <= 0) {
      leftoverBytes = 0;
      return;
    }
    if (consumed >= leftoverBytes) {
      leftoverSinceNanos = nowNanos;
    }
    leftoverBytes = left;
  }

  /** The unconsumed bytes were discarded (a gap). */
  void discard() {
    leftoverBytes = 0;
  }
}
