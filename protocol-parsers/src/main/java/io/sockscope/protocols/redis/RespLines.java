package io.sockscope.protocols.redis;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Checks the content of RESP type lines: the part between the type byte and the CRLF. Stateless.
 */
final class RespLines {

  /** What {@link #parseLength} returns for content that is not an acceptable length. */
  static final long MALFORMED = Long.MIN_VALUE;

  private static final int MAX_DIGITS = 19;

  private RespLines() {}

  /**
   * The length or count in {@code from..to}: decimal digits, no sign, no leading zero, at most
   * {@code max}; or -1 when {@code nullAllowed} and the content is {@code -1} (RESP2's null);
   * {@link #MALFORMED} otherwise.
   */
  static long parseLength(ByteBuffer data, int from, int to, boolean nullAllowed, long max) {
    if (nullAllowed && to - from == 2 && data.get(from) == '-' && data.get(from + 1) == '1') {
      return -1;
    }
    long value = parseDigits(data, from, to);
    return value > max ? MALFORMED : value;
  }

  /**
   * Why the content of a value that is its line is not one of its type, or null when it is: an
   * integer or big number is a signed decimal, a null is empty, a boolean is {@code t} or {@code
   * f}, a double is a decimal with an optional exponent or {@code inf}, {@code -inf}, {@code nan};
   * simple strings and errors hold anything but CR and LF.
   */
  static @Nullable String checkLineValue(RespType type, ByteBuffer data, int from, int to) {
    switch (type) {
      case INTEGER:
        return isSignedNumber(data, from, to, MAX_DIGITS) ? null : "integer not a signed 64-bit decimal";
      case BIG_NUMBER:
        return isSignedNumber(data, from, to, RedisLimits.MAX_LINE_BYTES) ? null : "big number not a signed decimal";
      case NULL:
        return from == to ? null : "null with content";
      case BOOLEAN:
        return to - from == 1 && (data.get(from) == 't' || data.get(from) == 'f') ? null : "boolean not t or f";
      case DOUBLE:
        return isDouble(data, from, to) ? null : "double not a decimal, inf or nan";
      default:
        return hasNoCarriageReturn(data, from, to) ? null : "carriage return inside a line";
    }
  }

  /**
   * The value of {@code from..to} as decimal digits, at most {@value #MAX_DIGITS} without a leading
   * zero; {@link #MALFORMED} when it is not that.
   */
  static long parseDigits(ByteBuffer data, int from, int to) {
    int count = to - from;
    if (count < 1 || count > MAX_DIGITS || (count > 1 && data.get(from) == '0')) {
      return MALFORMED;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = data.get(i) - '0';
      if (digit < 0 || digit > 9) {
        return MALFORMED;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static boolean isSignedNumber(ByteBuffer data, int from, int to, int maxDigits) {
    int start = from < to && (data.get(from) == '-' || data.get(from) == '+') ? from + 1 : from;
    if (to - start < 1 || to - start > maxDigits) {
      return false;
    }
    for (int i = start; i < to; i++) {
      if (data.get(i) < '0' || data.get(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDouble(ByteBuffer data, int from, int to) {
    if (to - from < 1 || to - from > 64) {
      return false;
    }
    boolean digit = false;
    for (int i = from; i < to; i++) {
      byte b = data.get(i);
      if (b >= '0' && b <= '9') {
        digit = true;
      } else if (b != '-' && b != '+' && b != '.' && b != 'e' && b != 'E') {
        return isWord(data, from, to, "inf") || isWord(data, from, to, "-inf") || isWord(data, from, to, "nan");
      }
    }
    return digit;
  }

  private static boolean isWord(ByteBuffer data, int from, int to, String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (data.get(from + i) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasNoCarriageReturn(ByteBuffer data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data.get(i) == '\r') {
        return false;
      }
    }
    return true;
  }
}
