package io.sockscope.protocols.postgres;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;

/**
 * Frames the messages of one direction: a type byte and a length, or, for a client's first
 * packets, a length alone (a leading zero byte tells them apart: no type byte is zero); the one
 * byte that answers an SSLRequest or GSSENCRequest, when told to expect it. Hands each whole
 * message to a {@link Listener}. Confined to the session's thread.
 *
 * <p>A body of at most {@link PostgresLimits#DECODED_BODY_BYTES} is handed over in place once all
 * of it has arrived. A longer one is consumed as it passes: its first
 * {@link PostgresLimits#DECODED_BODY_BYTES} are copied (not for DataRow and CopyData, whose bytes
 * are only counted), the rest skipped, so the tracer never has to hold a whole large message.
 *
 * <p>Lost bytes inside a body are skipped and the framing is kept; the message is handed over
 * marked damaged. Lost bytes anywhere else lose the framing: the reader then skips bytes up to the
 * first message start whose structure checks out in full ({@link MessageBoundaries#at}) and goes
 * on from there.
 */
final class MessageReader {

  /** Receives the framed messages; the body is valid only during the call. */
  interface Listener {
    /**
     * @param type the type byte, or 0 for an untyped startup packet (whose body starts with its code)
     * @param body the first bytes of the body, from position 0: all of it when {@code bodyLength}
     *     is at most {@link PostgresLimits#DECODED_BODY_BYTES}, otherwise at most that many
     * @param bodyLength the length of the whole body
     * @param damaged whether bytes of the body were lost
     * @param firstByteNanos when the message's first byte was offered
     * @param lastByteNanos when its last byte was offered
     */
    void onMessage(byte type, ByteBuffer body, int bodyLength, boolean damaged, long firstByteNanos, long lastByteNanos);

    /** The one byte that answers an SSLRequest or GSSENCRequest. */
    void onSecurityAnswer(byte answer, long nanos);

    /** The bytes cannot be framed; the reader stops. */
    void onMalformed(String reason);
  }

  /** What lost bytes did to the framing. */
  enum GapOutcome {
    /** They fell inside one message's body: the framing is kept. */
    INSIDE_A_BODY,
    /** The framing is lost; the reader looks for the next message start. */
    FRAMING_LOST
  }

  private enum State { HEADER, WHOLE_BODY, LARGE_BODY, RESYNC, STOPPED }

  private static final long NOT_WAITING = Long.MIN_VALUE;

  private final Listener listener;
  private final byte[] head = new byte[PostgresLimits.DECODED_BODY_BYTES];
  private State state = State.HEADER;
  private boolean untypedAllowed = true;
  private boolean securityAnswerExpected;

  // The message being read.
  private byte type;
  private int bodyLength;
  private int remaining;
  private int headCopied;
  private int headWanted;
  private boolean damaged;
  private long messageStartNanos;

  /** When the unconsumed bytes left at the end of the last call were first offered. */
  private long unconsumedSinceNanos = NOT_WAITING;
  private int unconsumedBytes;

  MessageReader(Listener listener) {
    this.listener = listener;
  }

  /** From now on every message has a type byte: the client's startup is over (or was never seen). */
  void typedOnly() {
    untypedAllowed = false;
  }

  /** The next byte answers an SSLRequest or GSSENCRequest. */
  void expectSecurityAnswer() {
    securityAnswerExpected = true;
  }

  void stop() {
    state = State.STOPPED;
  }

  boolean isStopped() {
    return state == State.STOPPED;
  }

  /** Frames what it can of {@code data} and returns how many bytes it consumed. */
  int decode(ByteBuffer data, long nanos) {
    int start = data.position();
    int limit = data.limit();
    int pos = start;
    while (state != State.STOPPED) {
      long firstNanos = pos == start && unconsumedSinceNanos != NOT_WAITING ? unconsumedSinceNanos : nanos;
      int before = pos;
      State stateBefore = state;
      pos = step(data, pos, limit, firstNanos, nanos);
      if (pos == before && state == stateBefore) {
        break;
      }
    }
    if (state == State.STOPPED) {
      unconsumedBytes = 0;
      return limit - start;
    }
    if (pos < limit) {
      if (pos > start || unconsumedSinceNanos == NOT_WAITING) {
        unconsumedSinceNanos = nanos;
      }
    } else {
      unconsumedSinceNanos = NOT_WAITING;
    }
    unconsumedBytes = limit - pos;
    return pos - start;
  }

  /** Advances over one piece of input; returns the new position (unchanged when it needs more). */
  private int step(ByteBuffer data, int pos, int limit, long firstNanos, long nanos) {
    switch (state) {
      case HEADER:
        return header(data, pos, limit, firstNanos, nanos);
      case WHOLE_BODY:
        if (limit - pos < bodyLength) {
          return pos;
        }
        state = State.HEADER;
        listener.onMessage(type, data.slice(pos, bodyLength), bodyLength, false, messageStartNanos, nanos);
        return pos + bodyLength;
      case LARGE_BODY:
        return largeBody(data, pos, limit, nanos);
      case RESYNC:
        return resync(data, pos, limit);
      default:
        return limit;
    }
  }

  private int header(ByteBuffer data, int pos, int limit, long firstNanos, long nanos) {
    if (pos == limit) {
      return pos;
    }
    if (securityAnswerExpected) {
      securityAnswerExpected = false;
      byte answer = data.get(pos);
      if (answer == 'S' || answer == 'N' || answer == 'G') {
        listener.onSecurityAnswer(answer, nanos);
        return pos + 1;
      }
      // An old server answers with an ErrorResponse: an ordinary message.
    }
    byte first = data.get(pos);
    int headerLength = first == 0 ? 4 : 5;
    if (limit - pos < headerLength) {
      return pos;
    }
    long length;
    if (first == 0) {
      if (!untypedAllowed) {
        return malformed("zero message type");
      }
      length = Wire.int32(data, pos);
      if (length < 8 || length > PostgresLimits.MAX_STARTUP_LENGTH) {
        return malformed("startup packet length out of range");
      }
    } else {
      length = Wire.int32(data, pos + 1) & 0xffffffffL;
      if (length < 4 || length > PostgresLimits.MAX_MESSAGE_LENGTH) {
        return malformed("message length out of range");
      }
      untypedAllowed = false;
    }
    type = first;
    bodyLength = (int) length - 4;
    remaining = bodyLength;
    damaged = false;
    messageStartNanos = firstNanos;
    if (bodyLength <= PostgresLimits.DECODED_BODY_BYTES) {
      state = State.WHOLE_BODY;
    } else {
      state = State.LARGE_BODY;
      headCopied = 0;
      headWanted = MessageType.isContentFree(type) ? 0 : PostgresLimits.DECODED_BODY_BYTES;
    }
    return pos + headerLength;
  }

  private int largeBody(ByteBuffer data, int pos, int limit, long nanos) {
    if (headCopied < headWanted) {
      int n = Math.min(headWanted - headCopied, limit - pos);
      data.get(pos, head, headCopied, n);
      headCopied += n;
      remaining -= n;
      pos += n;
    }
    int skipped = Math.min(remaining, limit - pos);
    remaining -= skipped;
    pos += skipped;
    if (remaining == 0) {
      deliverLarge(nanos);
    }
    return pos;
  }

  private void deliverLarge(long nanos) {
    state = State.HEADER;
    listener.onMessage(type, ByteBuffer.wrap(head, 0, headCopied).slice(), bodyLength, damaged, messageStartNanos, nanos);
  }

  /** Skips bytes, one at a time, up to the first {@link MessageBoundaries#at}. */
  private int resync(ByteBuffer data, int pos, int limit) {
    for (; pos < limit; pos++) {
      Inference start = MessageBoundaries.at(data, pos, limit);
      if (start == Inference.YES) {
        state = State.HEADER;
        return pos;
      }
      if (start == Inference.NEED_MORE_BYTES) {
        return pos;
      }
    }
    return pos;
  }

  /**
   * {@code length} bytes were lost, and with them the bytes this reader left unconsumed. Skips
   * them inside a body (the message is handed over, damaged, when its end arrives or was lost
   * exactly), or loses the framing.
   */
  GapOutcome skip(long length, long nanos) {
    long lost = length + unconsumedBytes;
    unconsumedBytes = 0;
    unconsumedSinceNanos = NOT_WAITING;
    securityAnswerExpected = false;
    untypedAllowed = false;
    if (state == State.STOPPED) {
      return GapOutcome.FRAMING_LOST;
    }
    if (state == State.WHOLE_BODY || state == State.LARGE_BODY) {
      if (state == State.WHOLE_BODY) {
        headCopied = 0;
      }
      headWanted = headCopied; // what follows the gap would land at the wrong offset
      damaged = true;
      state = State.LARGE_BODY;
      if (lost < remaining) {
        remaining -= (int) lost;
        return GapOutcome.INSIDE_A_BODY;
      }
      boolean exact = lost == remaining;
      remaining = 0;
      deliverLarge(nanos);
      if (exact) {
        return GapOutcome.INSIDE_A_BODY;
      }
    }
    state = State.RESYNC;
    return GapOutcome.FRAMING_LOST;
  }

  private int malformed(String reason) {
    state = State.STOPPED;
    listener.onMalformed(reason);
    return Integer.MAX_VALUE;
  }
}
