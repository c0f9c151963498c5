package io.sockscope.protocols.mysql;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads the protocol's basic types from the kept bytes of a message, front to back: fixed-length
 * little-endian integers, length-encoded integers and strings, NUL-terminated strings. A read past
 * the end returns {@link #MISSING} or null and leaves the cursor at the end. Confined to one
 * thread.
 */
final class Payload {

  /** What an integer read returns when the bytes end first or the encoding is invalid. */
  static final long MISSING = -1;

  private final byte[] bytes;
  private final int limit;
  private int position;

  Payload(byte[] bytes, int offset, int limit) {
    this.bytes = bytes;
    this.position = offset;
    this.limit = limit;
  }

  static Payload of(Message message) {
    return new Payload(message.bytes(), 0, message.keptLength());
  }

  int position() {
    return position;
  }

  int remaining() {
    return limit - position;
  }

  /** Skips {@code count} bytes; false (and at the end) if fewer remain. */
  boolean skip(long count) {
    if (count < 0 || count > remaining()) {
      position = limit;
      return false;
    }
    position += (int) count;
    return true;
  }

  /** An unsigned little-endian integer of {@code width} bytes (1 to 4), or {@link #MISSING}. */
  long fixed(int width) {
    if (remaining() < width) {
      position = limit;
      return MISSING;
    }
    long value = 0;
    for (int i = 0; i < width; i++) {
      value |= (bytes[position + i] & 0xffL) << (8 * i);
    }
    position += width;
    return value;
  }

  /**
   * A length-encoded integer: one byte below 0xFB, or 0xFC, 0xFD, 0xFE followed by 2, 3 or 8
   * bytes. {@link #MISSING} when cut, for 0xFB (NULL), 0xFF, or a value beyond 2<sup>62</sup>.
   */
  long lengthEncoded() {
    if (remaining() < 1) {
      return MISSING;
    }
    int first = bytes[position++] & 0xff;
    if (first < 0xfb) {
      return first;
    }
    int width = first == 0xfc ? 2 : first == 0xfd ? 3 : first == 0xfe ? 8 : 0;
    if (width == 0) {
      return MISSING;
    }
    if (width == 8) {
      long low = fixed(4);
      long high = fixed(4);
      return low == MISSING || high == MISSING || high >= 1L << 30 ? MISSING : high << 32 | low;
    }
    return fixed(width);
  }

  /** A length-encoded string, or null when cut or invalid. */
  @Nullable String lengthEncodedString() {
    long length = lengthEncoded();
    if (length == MISSING || length > remaining()) {
      position = limit;
      return null;
    }
    String value = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
    position += (int) length;
    return value;
  }

  /** A string ended by a NUL byte, which is consumed; null when no NUL follows. */
  @Nullable String nulTerminated() {
    for (int i = position; i < limit; i++) {
      if (bytes[i] == 0) {
        String value = new String(bytes, position, i - position, StandardCharsets.UTF_8);
        position = i + 1;
        return value;
      }
    }
    position = limit;
    return null;
  }

  /** The rest of the bytes as a string of at most {@code maxChars} characters. */
  String rest(int maxChars) {
    String value = new String(bytes, position, remaining(), StandardCharsets.UTF_8);
    position = limit;
    return value.length() <= maxChars ? value : value.substring(0, maxChars);
  }
}
