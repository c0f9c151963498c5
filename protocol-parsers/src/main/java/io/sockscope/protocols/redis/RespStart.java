package io.sockscope.protocols.redis;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;

/**
 * Judges whether bytes begin a RESP command or reply, strictly: a type byte, the exact content
 * its type allows, and CRLF. Stateless.
 */
final class RespStart {

  /** The most first bytes the tracer offers for inference; a start still unfinished there is not one. */
  static final int INFERENCE_BYTES = 4096;

  private static final int MAX_COMMAND_NAME = 64;
  private static final int INCOMPLETE = -1;
  private static final int INVALID = -2;

  private RespStart() {}

  /**
   * {@link Inference#YES} for a command as clients send it: {@code *<count>\r\n$<length>\r\n} and
   * a command name of that length (a letter, then letters, digits or {@code _.|:-}) and CRLF;
   * {@link Inference#NEED_MORE_BYTES} for a prefix of one; {@link Inference#NO} otherwise.
   */
  static Inference command(ByteBuffer data, int from, int limit) {
    if (from >= limit) {
      return needMore(from, limit);
    }
    if (data.get(from) != '*') {
      return Inference.NO;
    }
    int pos = numberLine(data, from + 1, limit, 7);
    if (pos < 0) {
      return pos == INCOMPLETE ? needMore(from, limit) : Inference.NO;
    }
    if (pos >= limit) {
      return needMore(from, limit);
    }
    if (data.get(pos) != '$') {
      return Inference.NO;
    }
    int nameStart = numberLine(data, pos + 1, limit, 2);
    if (nameStart < 0) {
      return nameStart == INCOMPLETE ? needMore(from, limit) : Inference.NO;
    }
    long nameLength = RespLines.parseDigits(data, pos + 1, nameStart - 2);
    if (nameLength < 1 || nameLength > MAX_COMMAND_NAME) {
      return Inference.NO;
    }
    int nameEnd = nameStart + (int) nameLength;
    for (int i = nameStart; i < Math.min(nameEnd, limit); i++) {
      if (!isCommandNameByte(data.get(i), i == nameStart)) {
        return Inference.NO;
      }
    }
    return crlfAt(data, nameEnd, limit, from);
  }

  /**
   * {@link Inference#YES} for the start of a reply of any RESP2 or RESP3 type: its type line with
   * the content its type allows and CRLF; for a string, the CRLF after its bytes when they are
   * within reach; for an aggregate, a type byte after its line. {@link Inference#NEED_MORE_BYTES}
   * for a prefix of one; {@link Inference#NO} otherwise.
   */
  static Inference reply(ByteBuffer data, int from, int limit) {
    if (from >= limit) {
      return needMore(from, limit);
    }
    RespType type = RespType.of(data.get(from) & 0xff);
    if (type == null) {
      return Inference.NO;
    }
    int lineEnd = lineEnd(data, from + 1, limit);
    if (lineEnd < 0) {
      return lineEnd == INCOMPLETE && mayBecomeLine(type, data, from + 1, limit)
          ? needMore(from, limit)
          : Inference.NO;
    }
    int contentEnd = lineEnd - 2;
    switch (type.framing()) {
      case LINE:
        if (type == RespType.SIMPLE_ERROR && !isErrorCode(data, from + 1, contentEnd)) {
          return Inference.NO;
        }
        if (RespLines.checkLineValue(type, data, from + 1, contentEnd) != null || !isPrintable(data, from + 1, contentEnd)) {
          return Inference.NO;
        }
        return Inference.YES;
      case LENGTH: {
        long length = RespLines.parseLength(data, from + 1, contentEnd, type == RespType.BULK_STRING, RedisLimits.MAX_BULK_BYTES);
        if (length == RespLines.MALFORMED) {
          return Inference.NO;
        }
        if (length < 0 || lineEnd + length + 2 > limit) {
          return Inference.YES;
        }
        return crlfAt(data, lineEnd + (int) length, limit, from);
      }
      default: {
        long count = RespLines.parseLength(data, from + 1, contentEnd, type == RespType.ARRAY, RedisLimits.MAX_ELEMENTS);
        if (count == RespLines.MALFORMED) {
          return Inference.NO;
        }
        if (count <= 0) {
          return Inference.YES;
        }
        if (lineEnd >= limit) {
          return needMore(from, limit);
        }
        return RespType.of(data.get(lineEnd) & 0xff) == null ? Inference.NO : Inference.YES;
      }
    }
  }

  /** Whether the bytes begin with a letter, as an inline command (or a text protocol) does. */
  static boolean startsWithLetter(ByteBuffer data, int from, int limit) {
    if (from >= limit) {
      return false;
    }
    byte b = data.get(from);
    return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
  }

  /**
   * {@link Inference#YES} for an inline command: a line of printable words, the first of letters,
   * ended by LF. Only for a direction already known to be Redis: memcached's text commands look
   * the same.
   */
  static Inference inlineCommand(ByteBuffer data, int from, int limit) {
    if (!startsWithLetter(data, from, limit)) {
      return from >= limit ? needMore(from, limit) : Inference.NO;
    }
    for (int i = from; i < limit; i++) {
      byte b = data.get(i);
      if (b == '\n') {
        return Inference.YES;
      }
      if ((b < 0x20 || b > 0x7e) && b != '\t' && !(b == '\r' && i + 1 < limit && data.get(i + 1) == '\n')) {
        return Inference.NO;
      }
    }
    return needMore(from, limit);
  }

  /**
   * Reads decimal digits (at most {@code maxDigits}, no leading zero) and CRLF from {@code pos};
   * returns the index after the CRLF, {@link #INCOMPLETE} or {@link #INVALID}.
   */
  private static int numberLine(ByteBuffer data, int pos, int limit, int maxDigits) {
    int end = lineEnd(data, pos, limit);
    if (end == INVALID) {
      return INVALID;
    }
    int contentEnd = end < 0 ? limit : end - 2;
    for (int i = pos; i < contentEnd; i++) {
      byte b = data.get(i);
      if (b < '0' || b > '9' || (i == pos && b == '0') || i - pos >= maxDigits) {
        return i + 1 == limit && b == '\r' ? INCOMPLETE : INVALID;
      }
    }
    if (end < 0) {
      return INCOMPLETE;
    }
    return contentEnd == pos ? INVALID : end;
  }

  /** Whether the bytes of an unfinished type line may still become a valid one. */
  private static boolean mayBecomeLine(RespType type, ByteBuffer data, int from, int limit) {
    int to = limit > from && data.get(limit - 1) == '\r' ? limit - 1 : limit;
    for (int i = from; i < to; i++) {
      byte b = data.get(i);
      boolean fits;
      switch (type.framing()) {
        case LINE:
          fits = type == RespType.SIMPLE_STRING || type == RespType.SIMPLE_ERROR
              ? b >= 0x20 && b <= 0x7e
              : b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E'
                  || type == RespType.DOUBLE && (b == 'i' || b == 'n' || b == 'f' || b == 'a')
                  || type == RespType.BOOLEAN && (b == 't' || b == 'f');
          break;
        default:
          fits = b >= '0' && b <= '9' || i == from && (b == '-' || b == '?');
      }
      if (!fits) {
        return false;
      }
    }
    return true;
  }

  /** The index after the first CRLF from {@code pos}; {@link #INCOMPLETE}; {@link #INVALID} for a lone CR or LF. */
  private static int lineEnd(ByteBuffer data, int pos, int limit) {
    for (int i = pos; i < limit; i++) {
      byte b = data.get(i);
      if (b == '\n') {
        return INVALID;
      }
      if (b == '\r') {
        if (i + 1 >= limit) {
          return INCOMPLETE;
        }
        return data.get(i + 1) == '\n' ? i + 2 : INVALID;
      }
    }
    return INCOMPLETE;
  }

  private static Inference crlfAt(ByteBuffer data, int pos, int limit, int from) {
    if (pos >= limit) {
      return needMore(from, limit);
    }
    if (data.get(pos) != '\r') {
      return Inference.NO;
    }
    if (pos + 1 >= limit) {
      return needMore(from, limit);
    }
    return data.get(pos + 1) == '\n' ? Inference.YES : Inference.NO;
  }

  /** Need more bytes, unless the tracer has offered all it will. */
  private static Inference needMore(int from, int limit) {
    return limit - from >= INFERENCE_BYTES ? Inference.NO : Inference.NEED_MORE_BYTES;
  }

  private static boolean isCommandNameByte(byte b, boolean first) {
    boolean letter = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
    if (first) {
      return letter;
    }
    return letter || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '|' || b == ':' || b == '-';
  }

  /** An error starts with a code: capital letters, then a space or the end. */
  private static boolean isErrorCode(ByteBuffer data, int from, int to) {
    int i = from;
    while (i < to && data.get(i) >= 'A' && data.get(i) <= 'Z') {
      i++;
    }
    return i > from && (i == to || data.get(i) == ' ');
  }

  private static boolean isPrintable(ByteBuffer data, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = data.get(i);
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
