package io.sockscope.protocols.http;

/**
 * Parses the line before each chunk of a chunked body, {@code chunk-size [ chunk-ext ]} (RFC 9112
 * section 7.1): a hexadecimal size, then extensions after {@code ';'}, which are ignored.
 * Stateless.
 */
final class ChunkSizeLine {

  /** {@link #parse} result: no size before the extensions. */
  static final long MISSING = -1;

  /** {@link #parse} result: a character of the size is not a hexadecimal digit. */
  static final long NOT_HEXADECIMAL = -2;

  /** {@link #parse} result: the size is larger than {@link HttpLimits#MAX_BODY_BYTES}. */
  static final long TOO_LARGE = -3;

  private ChunkSizeLine() {}

  /** The chunk size a line (without its line ending) announces, or a negative result code. */
  static long parse(LineChars line) {
    int extensions = line.indexOf(';', 0, line.length());
    int end = line.trimEnd(0, extensions < 0 ? line.length() : extensions);
    if (end == 0) {
      return MISSING;
    }
    long size = 0;
    for (int i = 0; i < end; i++) {
      int digit = hexValue(line.charAt(i));
      if (digit < 0) {
        return NOT_HEXADECIMAL;
      }
      if (size > HttpLimits.MAX_BODY_BYTES >> 4) {
        return TOO_LARGE;
      }
      size = size << 4 | digit;
    }
    return size > HttpLimits.MAX_BODY_BYTES ? TOO_LARGE : size;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** Why a line with a negative {@link #parse} result is rejected. */
  static String problem(long resultCode) {
    if (resultCode == TOO_LARGE) {
      return "chunk size larger than 2^53";
    }
    return resultCode == NOT_HEXADECIMAL
        ? "chunk size not hexadecimal"
        : "malformed chunk size line";
  }
}
