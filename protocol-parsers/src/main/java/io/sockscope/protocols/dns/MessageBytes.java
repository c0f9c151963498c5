package io.sockscope.protocols.dns;

import java.nio.ByteBuffer;

/**
 * The bytes of one DNS message, read by offset from the message's first byte (the first byte of
 * the header, after TCP's length prefix). Every read checks its bounds: past the captured bytes of
 * a message that was not copied whole, or past the message's end, it throws. Never keeps the
 * buffer beyond the call that decodes the message. Confined to one thread.
 */
final class MessageBytes {

  private final ByteBuffer buffer;
  private final int base;
  private final int captured;
  private final int length;

  /**
   * @param buffer the bytes, read with absolute gets; its position and limit are not used
   * @param base the index in {@code buffer} of the message's first byte
   * @param captured how many of the message's bytes are in {@code buffer}
   * @param length the message's real length: {@code captured}, or more when the rest was not copied
   */
  MessageBytes(ByteBuffer buffer, int base, int captured, int length) {
    this.buffer = buffer;
    this.base = base;
    this.captured = Math.min(captured, length);
    this.length = length;
  }

  /** The message's real length, captured or not. */
  int length() {
    return length;
  }

  int u8(int offset) throws MalformedMessageException {
    check(offset, 1);
    return byteAt(offset);
  }

  int u16(int offset) throws MalformedMessageException {
    check(offset, 2);
    return byteAt(offset) << 8 | byteAt(offset + 1);
  }

  long u32(int offset) throws MalformedMessageException {
    check(offset, 4);
    return (long) byteAt(offset) << 24 | byteAt(offset + 1) << 16 | byteAt(offset + 2) << 8 | byteAt(offset + 3);
  }

  /** Copies {@code count} bytes from {@code offset}. */
  byte[] bytes(int offset, int count) throws MalformedMessageException {
    check(offset, count);
    byte[] copy = new byte[count];
    buffer.get(base + offset, copy);
    return copy;
  }

  /** Big-endian whatever the buffer's byte order: reads byte by byte. */
  private int byteAt(int offset) {
    return Byte.toUnsignedInt(buffer.get(base + offset));
  }

  /** Checks that {@code count} bytes from {@code offset} are inside the message and captured. */
  void check(int offset, int count) throws MalformedMessageException {
    long end = (long) offset + count;
    if (offset < 0 || end > length) {
      throw MalformedMessageException.pastTheEnd();
    }
    if (end > captured) {
      throw MalformedMessageException.notCaptured();
    }
  }
}
