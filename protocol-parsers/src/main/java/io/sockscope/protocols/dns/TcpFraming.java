package io.sockscope.protocols.dns;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Cuts one direction of a TCP connection into DNS messages, each behind its two-byte big-endian
 * length (RFC 1035, section 4.2.2). A message is handed over once all its bytes are there: at most
 * 65535 bytes, well within what the tracer buffers. Confined to the session's thread.
 *
 * <p>Remembers when the first byte of the message it waits for was first offered, which is when
 * the exchange starts, and what the header of that message says, in case lost bytes cut it.
 */
final class TcpFraming {

  /** Receives each whole message. */
  interface Listener {
    /**
     * One message of {@code length} bytes from index {@code from} of {@code data}, valid only during
     * the call. Returns false to stop: the session gave up.
     */
    boolean onMessage(ByteBuffer data, int from, int length, long firstByteNanos, long lastByteNanos);
  }

  /** What lost bytes did to the framing. */
  enum GapOutcome {
    /** The bytes were lost inside one message, which is skipped: framing continues after it. */
    MESSAGE_CUT,
    /** The bytes were lost inside a message that an earlier gap already cut. */
    SAME_MESSAGE_CUT,
    /** The bytes spanned a message boundary or more: where the next message starts is unknown. */
    FRAMING_LOST
  }

  static final int LENGTH_BYTES = 2;
  private static final int QR_OFFSET = LENGTH_BYTES + 2;
  private static final int QR_BIT = 0x80;

  private long firstByteNanos = -1;
  /** Bytes of an incomplete message offered at the last call and not consumed. */
  private int waitingBytes;
  /** The length field of the incomplete message, or -1 when not yet seen. */
  private int waitingLength = -1;
  /** The ID of the incomplete message, or -1 when not yet seen. */
  private int waitingId = -1;
  /** Whether the incomplete message is a response (QR), when seen; null when not. */
  private @Nullable Boolean waitingIsResponse;
  /** Bytes of a message cut by a gap still to skip. */
  private long toSkip;

  /** Hands every whole message in {@code data} to {@code listener}; returns the bytes consumed. */
  int onData(ByteBuffer data, long timestampNanos, Listener listener) {
    int start = data.position();
    int position = start;
    int limit = data.limit();
    if (toSkip > 0) {
      int skipped = (int) Math.min(toSkip, limit - position);
      toSkip -= skipped;
      position += skipped;
    }
    while (position < limit) {
      if (firstByteNanos < 0) {
        firstByteNanos = timestampNanos;
      }
      int available = limit - position;
      if (available < LENGTH_BYTES) {
        break;
      }
      int length = u16(data, position);
      if (available < LENGTH_BYTES + length) {
        break;
      }
      long first = firstByteNanos;
      firstByteNanos = -1;
      if (!listener.onMessage(data, position + LENGTH_BYTES, length, first, timestampNanos)) {
        return limit - start;
      }
      position += LENGTH_BYTES + length;
    }
    remember(data, position, limit);
    return position - start;
  }

  /**
   * Lost bytes: {@code length} of them, after the bytes of the incomplete message, which are lost
   * with them.
   */
  GapOutcome onGap(long length) {
    firstByteNanos = -1;
    if (toSkip > 0) {
      toSkip -= length;
      return toSkip >= 0 ? GapOutcome.SAME_MESSAGE_CUT : GapOutcome.FRAMING_LOST;
    }
    long lostOfMessage = waitingBytes + length;
    waitingBytes = 0;
    if (waitingLength < 0 || lostOfMessage > LENGTH_BYTES + waitingLength) {
      return GapOutcome.FRAMING_LOST;
    }
    toSkip = LENGTH_BYTES + waitingLength - lostOfMessage;
    return GapOutcome.MESSAGE_CUT;
  }

  /** The ID of the message a gap cut, or -1 when its header had not been seen. */
  int cutId() {
    return waitingId;
  }

  /** Whether the message a gap cut is a response; null when its header had not been seen. */
  @Nullable Boolean cutIsResponse() {
    return waitingIsResponse;
  }

  /** Whether a message was begun and not finished. */
  boolean isInsideMessage() {
    return waitingBytes > 0 || toSkip > 0;
  }

  private void remember(ByteBuffer data, int position, int limit) {
    waitingBytes = limit - position;
    waitingLength = waitingBytes >= LENGTH_BYTES ? u16(data, position) : -1;
    waitingId = waitingBytes >= QR_OFFSET ? u16(data, position + LENGTH_BYTES) : -1;
    waitingIsResponse =
        waitingBytes > QR_OFFSET ? (Byte.toUnsignedInt(data.get(position + QR_OFFSET)) & QR_BIT) != 0 : null;
    if (waitingBytes == 0) {
      firstByteNanos = -1;
    }
  }

  private static int u16(ByteBuffer data, int index) {
    return Byte.toUnsignedInt(data.get(index)) << 8 | Byte.toUnsignedInt(data.get(index + 1));
  }
}
