package io.sockscope.protocols.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol's primitive types at absolute indexes of a buffer, whatever its byte order:
 * big-endian integers and NUL-terminated strings. Never moves the buffer's position.
 */
final class Wire {
  private Wire() {}

  static int int16(ByteBuffer buffer, int at) {
    return ((buffer.get(at) & 0xff) << 8) | (buffer.get(at + 1) & 0xff);
  }

  static int int32(ByteBuffer buffer, int at) {
    return ((buffer.get(at) & 0xff) << 24)
        | ((buffer.get(at + 1) & 0xff) << 16)
        | ((buffer.get(at + 2) & 0xff) << 8)
        | (buffer.get(at + 3) & 0xff);
  }

  /** The index of the first NUL byte in {@code [from, limit)}, or -1. */
  static int nul(ByteBuffer buffer, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (buffer.get(i) == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Decodes {@code [from, to)} as UTF-8 (malformed sequences become U+FFFD). */
  static String utf8(ByteBuffer buffer, int from, int to) {
    if (to <= from) {
      return ""; // an unnamed portal or statement: the usual case
    }
    byte[] bytes = new byte[to - from];
    buffer.get(from, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The NUL-terminated string at {@code from}, decoded from at most {@code maxBytes} of its bytes;
   * null when no NUL comes before {@code limit}.
   */
  static @org.jspecify.annotations.Nullable String cstring(ByteBuffer buffer, int from, int limit, int maxBytes) {
    int end = nul(buffer, from, limit);
    return end < 0 ? null : utf8(buffer, from, Math.min(end, from + maxBytes));
  }

  /** Whether a byte may appear in SQL text or a parameter value: printable, tab, CR, LF, or UTF-8. */
  static boolean isText(byte b) {
    return (b & 0xff) >= 0x20 && b != 0x7f || b == '\t' || b == '\n' || b == '\r';
  }
}
