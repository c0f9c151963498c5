package io.sockscope.protocols.testing;

import io.sockscope.spi.Direction;
import io.sockscope.spi.ParserSession;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Feeds a session the way the tracer does: each call offers all unconsumed bytes of a direction,
 * the new ones behind the left-over ones; the session says how many it consumed from the start; a
 * gap discards the unconsumed bytes of its direction. The bytes sit in a read-only buffer whose
 * position is not zero, to catch sessions that ignore the position.
 */
public final class SessionDriver {

  private static final int LEADING_JUNK = 3;

  private final ParserSession session;
  private final Map<Direction, byte[]> unconsumed = new EnumMap<>(Direction.class);

  public SessionDriver(ParserSession session) {
    this.session = session;
    for (Direction direction : Direction.values()) {
      unconsumed.put(direction, new byte[0]);
    }
  }

  /** Offers the left-over bytes of {@code direction} followed by {@code bytes}. */
  public void data(Direction direction, byte[] bytes, long timestampNanos) {
    byte[] offered = concat(unconsumed.get(direction), bytes);
    byte[] backing = new byte[LEADING_JUNK + offered.length + LEADING_JUNK];
    Arrays.fill(backing, (byte) '#');
    System.arraycopy(offered, 0, backing, LEADING_JUNK, offered.length);
    ByteBuffer buffer = ByteBuffer.wrap(backing);
    buffer.limit(LEADING_JUNK + offered.length).position(LEADING_JUNK);
    buffer = buffer.asReadOnlyBuffer();
    int consumed = session.onData(direction, buffer, timestampNanos);
    if (consumed < 0 || consumed > offered.length) {
      throw new AssertionError("consumed " + consumed + " of " + offered.length + " bytes");
    }
    unconsumed.put(direction, Arrays.copyOfRange(offered, consumed, offered.length));
  }

  /** Offers one whole datagram, in a read-only buffer whose position is not zero. */
  public void datagram(Direction direction, InetSocketAddress peer, byte[] bytes, long notCaptured, long timestampNanos) {
    byte[] backing = new byte[LEADING_JUNK + bytes.length + LEADING_JUNK];
    Arrays.fill(backing, (byte) '#');
    System.arraycopy(bytes, 0, backing, LEADING_JUNK, bytes.length);
    ByteBuffer buffer = ByteBuffer.wrap(backing);
    buffer.limit(LEADING_JUNK + bytes.length).position(LEADING_JUNK);
    session.onDatagram(direction, peer, buffer.asReadOnlyBuffer(), notCaptured, timestampNanos);
  }

  public void gap(Direction direction, long length, long timestampNanos) {
    unconsumed.put(direction, new byte[0]);
    session.onGap(direction, length, timestampNanos);
  }

  public void close(long timestampNanos) {
    session.onClose(timestampNanos);
  }

  /** How many bytes of {@code direction} the session has left unconsumed. */
  public int unconsumedBytes(Direction direction) {
    return unconsumed.get(direction).length;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
