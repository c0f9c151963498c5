package io.sockscope.protocols.memcached;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of one direction of a binary connection into packets: the 24-byte header, the
 * extras and key, kept, then the value, skipped as it passes, never buffered. Confined to the
 * session's thread.
 */
final class BinaryPacketDecoder {

  /** What the decoder found. */
  interface Listener {
    /**
     * A whole packet went by, its first byte at {@code startNanos} and its last at {@code
     * endNanos}; {@code key} is its key's bytes.
     */
    void onPacket(BinaryHeader header, byte[] key, long startNanos, long endNanos);

    void onMalformed(String reason);
  }

  private enum State {
    HEAD,
    VALUE,
    STOPPED
  }

  private final int magic;
  private final Listener listener;
  private State state = State.HEAD;
  private BinaryHeader header = new BinaryHeader(0, 0, 0, 0, 0, 0, 0, 0);
  private byte[] key = new byte[0];
  private long startNanos;
  private long valueRemaining;

  /** A decoder of packets with this magic: 0x80 for the request direction, 0x81 for the other. */
  BinaryPacketDecoder(int magic, Listener listener) {
    this.magic = magic;
    this.listener = listener;
  }

  /** Decodes what it can of the offered bytes; returns how many it consumed. */
  int decode(ByteBuffer data, ArrivalClock clock) {
    int start = data.position();
    int limit = data.limit();
    int pos = start;
    while (pos < limit && state != State.STOPPED) {
      if (state == State.VALUE) {
        int skipped = (int) Math.min(valueRemaining, limit - pos);
        pos += skipped;
        valueRemaining -= skipped;
        if (valueRemaining == 0) {
          packetEnded(clock.nanosAt(pos - 1 - start));
        }
        continue;
      }
      if (limit - pos < BinaryHeader.BYTES) {
        break;
      }
      BinaryHeader head = BinaryHeader.read(data, pos);
      String problem = problem(head);
      if (problem != null) {
        state = State.STOPPED;
        listener.onMalformed(problem);
        break;
      }
      int headBytes = BinaryHeader.BYTES + head.extrasLength() + head.keyLength();
      if (limit - pos < headBytes) {
        break;
      }
      header = head;
      key = new byte[head.keyLength()];
      data.get(pos + BinaryHeader.BYTES + head.extrasLength(), key);
      startNanos = clock.nanosAt(pos - start);
      pos += headBytes;
      valueRemaining = head.valueLength();
      if (valueRemaining == 0) {
        packetEnded(clock.nanosAt(pos - 1 - start));
      } else {
        state = State.VALUE;
      }
    }
    return pos - start;
  }

  /**
   * Skips {@code length} lost bytes if they lie inside a value; returns false when they do not, and
   * the framing is lost.
   */
  boolean skip(long length, long timestampNanos) {
    if (state != State.VALUE || length > valueRemaining) {
      return false;
    }
    valueRemaining -= length;
    if (valueRemaining == 0) {
      packetEnded(timestampNanos);
    }
    return true;
  }

  void stop() {
    state = State.STOPPED;
  }

  private void packetEnded(long endNanos) {
    state = State.HEAD;
    listener.onPacket(header, key, startNanos, endNanos);
  }

  private @Nullable String problem(BinaryHeader head) {
    if (head.magic() != magic) {
      return "bad magic byte";
    }
    if (head.bodyLength() > MemcachedLimits.MAX_BINARY_BODY_BYTES) {
      return "body length out of range";
    }
    if (head.valueLength() < 0) {
      return "extras and key longer than the body";
    }
    return null;
  }
}
