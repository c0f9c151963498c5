package io.sockscope.protocols.postgres;

import static io.sockscope.protocols.postgres.Wire.int16;
import static io.sockscope.protocols.postgres.Wire.int32;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;

/**
 * Judges whether bytes begin a PostgreSQL message, for protocol inference and for finding a
 * message boundary again after lost bytes. Strict: {@link Inference#YES} only for messages whose
 * structure checks out (lengths, codes, text where text belongs); {@link Inference#MAYBE} for a
 * known message type with a plausible length that says little by itself (a DataRow cut short, a
 * ParseComplete); {@link Inference#NEED_MORE_BYTES} for a short prefix of either.
 */
final class MessageStarts {

  /** The protocol version 3 in a StartupMessage's code: major in the high 16 bits. */
  static final int PROTOCOL_MAJOR_3 = 3;
  static final int SSL_REQUEST_CODE = 80877103;
  static final int GSSENC_REQUEST_CODE = 80877104;
  static final int CANCEL_REQUEST_CODE = 80877102;

  /** A message that is only a hint (MAYBE) must be shorter than this. */
  static final int MAX_PLAUSIBLE_LENGTH = 16 << 20;

  /** PostgreSQL's limit on the columns of a row. */
  private static final int MAX_COLUMNS = 1664;

  /** Text bytes of a long message that must check out before a YES. */
  private static final int ENOUGH_TEXT_BYTES = 16;

  private static final byte[][] UNTYPED_CODES = {
    {0, 3, 0}, {4, (byte) 0xd2, 0x16, 0x2f}, {4, (byte) 0xd2, 0x16, 0x30}, {4, (byte) 0xd2, 0x16, 0x2e},
  };

  private MessageStarts() {}

  /**
   * Judges {@code [from, limit)} as a client's first packet, which has no type byte: a
   * StartupMessage for protocol 3, an SSLRequest, a GSSENCRequest or a CancelRequest.
   */
  static Inference untyped(ByteBuffer b, int from, int limit) {
    int available = limit - from;
    if (available == 0) {
      return Inference.NEED_MORE_BYTES;
    }
    // The length is at most 10000, so its two high bytes are zero.
    if (b.get(from) != 0 || (available > 1 && b.get(from + 1) != 0)) {
      return Inference.NO;
    }
    if (available < 4) {
      return available < 3 || (b.get(from + 2) & 0xff) <= (PostgresLimits.MAX_STARTUP_LENGTH >> 8)
          ? Inference.NEED_MORE_BYTES : Inference.NO;
    }
    int length = int32(b, from);
    if (length < 8 || length > PostgresLimits.MAX_STARTUP_LENGTH) {
      return Inference.NO;
    }
    if (available < 8) {
      return codePrefixMatches(b, from + 4, limit) ? Inference.NEED_MORE_BYTES : Inference.NO;
    }
    int code = int32(b, from + 4);
    if (code == SSL_REQUEST_CODE || code == GSSENC_REQUEST_CODE) {
      return length == 8 ? Inference.YES : Inference.NO;
    }
    if (code == CANCEL_REQUEST_CODE) {
      return length == 16 ? Inference.YES : Inference.NO;
    }
    if (code >>> 16 != PROTOCOL_MAJOR_3 || (code & 0xffff) > 0xff || length < 9) {
      return Inference.NO;
    }
    return startupParameters(b, from + 8, from + length, limit);
  }

  /** A StartupMessage's {@code name NUL value NUL ... NUL}: a name begins with a letter. */
  private static Inference startupParameters(ByteBuffer b, int from, int end, int limit) {
    if (from == limit) {
      return Inference.NEED_MORE_BYTES;
    }
    byte first = b.get(from);
    if (end == from + 1) {
      return first == 0 ? Inference.YES : Inference.NO;
    }
    if (!isAsciiLetter(first) && first != '_') {
      return Inference.NO;
    }
    int checked = Math.min(end, limit);
    for (int i = from; i < checked; i++) {
      byte c = b.get(i);
      if (c != 0 && !Wire.isText(c)) {
        return Inference.NO;
      }
    }
    if (checked == end) {
      return b.get(end - 1) == 0 && b.get(end - 2) == 0 ? Inference.YES : Inference.NO;
    }
    return Inference.YES;
  }

  private static boolean codePrefixMatches(ByteBuffer b, int from, int limit) {
    for (byte[] code : UNTYPED_CODES) {
      boolean matches = true;
      for (int i = 0; i < code.length && from + i < limit; i++) {
        matches &= b.get(from + i) == code[i];
      }
      if (matches) {
        return true;
      }
    }
    return false;
  }

  /**
   * Judges {@code [from, limit)} as a server's first bytes after an SSLRequest or GSSENCRequest:
   * {@code N} and then a message that checks out, or {@code S} and then a TLS handshake record.
   */
  static Inference afterSecurityAnswer(ByteBuffer b, int from, int limit) {
    if (limit - from < 3) {
      return Inference.NO; // the answer alone is a prefix of other things: the client's side tells
    }
    byte answer = b.get(from);
    if (answer == 'N') {
      return typed(b, from + 1, limit) == Inference.YES ? Inference.YES : Inference.NO;
    }
    boolean tlsHandshake = b.get(from + 1) == 0x16 && b.get(from + 2) == 0x03;
    return answer == 'S' && tlsHandshake ? Inference.YES : Inference.NO;
  }

  /** Judges {@code [from, limit)} as the start of a typed message of either side. */
  static Inference typed(ByteBuffer b, int from, int limit) {
    int available = limit - from;
    if (available == 0) {
      return Inference.NEED_MORE_BYTES;
    }
    byte type = b.get(from);
    if (!MessageType.isKnown(type)) {
      return Inference.NO;
    }
    if (available < 5) {
      // The length's high byte is 0 for anything plausible.
      return available == 1 || b.get(from + 1) == 0 ? Inference.NEED_MORE_BYTES : Inference.NO;
    }
    int length = int32(b, from + 1);
    if (length < 4 || length >= MAX_PLAUSIBLE_LENGTH) {
      return Inference.NO;
    }
    int body = from + 5;
    int end = from + 1 + length;
    int seen = Math.min(end, limit);
    return switch (type) {
      case 'Q' -> queryText(b, body, end, seen);
      case 'P' -> parse(b, body, end, seen);
      case 'R' -> authentication(b, body, length, seen);
      case 'Z' -> length != 5 ? Inference.NO
          : seen < end ? Inference.NEED_MORE_BYTES
          : isTransactionStatus(b.get(body)) ? Inference.YES : Inference.NO;
      case 'T' -> rowDescription(b, body, end, seen);
      case 'C' -> commandCompleteOrClose(b, body, end, seen);
      case 'E', 'N' -> fieldsOrExecute(b, type, body, end, seen);
      case 'D' -> dataRowOrDescribe(b, body, end, seen);
      case 'K' -> length == 12 ? Inference.YES : Inference.NO;
      case 'S' -> length == 4 ? Inference.MAYBE : parameterStatus(b, body, end, seen);
      case 'G', 'H', 'W' -> length == 4 ? Inference.MAYBE : copyResponse(b, body, length, seen);
      case '1', '2', '3', 'n', 'I', 's', 'c', 'X' -> length == 4 ? Inference.MAYBE : Inference.NO;
      default -> Inference.MAYBE;
    };
  }

  /** SQL text up to a NUL that ends the message. */
  private static Inference queryText(ByteBuffer b, int from, int end, int seen) {
    if (end - from < 2) {
      return Inference.NO;
    }
    if (seen == from) {
      return Inference.NEED_MORE_BYTES;
    }
    if (!startsSql(b.get(from))) {
      return Inference.NO;
    }
    for (int i = from; i < seen; i++) {
      byte c = b.get(i);
      if (c == 0) {
        return i == end - 1 ? Inference.YES : Inference.NO;
      }
      if (!Wire.isText(c)) {
        return Inference.NO;
      }
    }
    return seen - from >= ENOUGH_TEXT_BYTES ? Inference.YES : Inference.NEED_MORE_BYTES;
  }

  /** Parse: statement name, SQL text, parameter type count and types. */
  private static Inference parse(ByteBuffer b, int from, int end, int seen) {
    int nameEnd = textUpToNul(b, from, seen);
    if (nameEnd == NOT_TEXT) {
      return Inference.NO;
    }
    if (nameEnd < 0) {
      return seen == end ? Inference.NO : Inference.NEED_MORE_BYTES;
    }
    int text = nameEnd + 1;
    if (text >= end) {
      return Inference.NO;
    }
    if (seen == text) {
      return Inference.NEED_MORE_BYTES;
    }
    if (!startsSql(b.get(text))) {
      return Inference.NO;
    }
    int textEnd = textUpToNul(b, text, seen);
    if (textEnd == NOT_TEXT) {
      return Inference.NO;
    }
    if (textEnd < 0) {
      return seen == end ? Inference.NO
          : seen - text >= ENOUGH_TEXT_BYTES ? Inference.YES : Inference.NEED_MORE_BYTES;
    }
    if (textEnd + 3 > end) {
      return Inference.NO;
    }
    if (seen < end) {
      return seen < textEnd + 3 ? Inference.NEED_MORE_BYTES : Inference.YES;
    }
    return end == textEnd + 3 + 4 * int16(b, textEnd + 1) ? Inference.YES : Inference.NO;
  }

  private static final int NOT_TEXT = -2;

  /** The index of the NUL ending text at {@code from}; -1 if none before {@code seen}; NOT_TEXT. */
  private static int textUpToNul(ByteBuffer b, int from, int seen) {
    for (int i = from; i < seen; i++) {
      byte c = b.get(i);
      if (c == 0) {
        return i;
      }
      if (!Wire.isText(c)) {
        return NOT_TEXT;
      }
    }
    return -1;
  }

  /** AuthenticationOk, ...Cleartext, ...MD5, ...SASL, ...SASLContinue, ...SASLFinal, GSS, SSPI. */
  private static Inference authentication(ByteBuffer b, int body, int length, int seen) {
    if (length < 8) {
      return Inference.NO;
    }
    if (seen < body + 4) {
      return Inference.NEED_MORE_BYTES;
    }
    int code = int32(b, body);
    return switch (code) {
      case 0, 3, 7, 9 -> length == 8 ? Inference.YES : Inference.NO;
      case 5 -> length == 12 ? Inference.YES : Inference.NO;
      case 8 -> Inference.MAYBE;
      case 10 -> length >= 10 && (seen == body + 4 || isAsciiLetter(b.get(body + 4))) ? Inference.YES : Inference.NO;
      case 11, 12 -> {
        if (length < 10) {
          yield Inference.NO;
        }
        if (seen < body + 6) {
          yield Inference.NEED_MORE_BYTES;
        }
        byte first = b.get(body + 4);
        yield (first == 'r' || first == 'v') && b.get(body + 5) == '=' ? Inference.YES : Inference.NO;
      }
      default -> Inference.NO;
    };
  }

  private static Inference rowDescription(ByteBuffer b, int from, int end, int seen) {
    if (end - from < 2) {
      return Inference.NO;
    }
    if (seen < from + 2) {
      return Inference.NEED_MORE_BYTES;
    }
    int fields = int16(b, from);
    if (fields > MAX_COLUMNS) {
      return Inference.NO;
    }
    int at = from + 2;
    for (int field = 0; field < fields; field++) {
      int nameEnd = Wire.nul(b, at, seen);
      for (int i = at; i < (nameEnd < 0 ? seen : nameEnd); i++) {
        if (!Wire.isText(b.get(i))) {
          return Inference.NO;
        }
      }
      if (nameEnd < 0) {
        return seen == end ? Inference.NO : field > 0 ? Inference.YES : Inference.NEED_MORE_BYTES;
      }
      at = nameEnd + 1 + 18;
      if (at > end) {
        return Inference.NO;
      }
    }
    return at == end ? Inference.YES : Inference.NO;
  }

  /** CommandComplete's tag ({@code SELECT 5}), or Close's {@code S}/{@code P} and a name. */
  private static Inference commandCompleteOrClose(ByteBuffer b, int from, int end, int seen) {
    if (end - from < 2) {
      return Inference.NO;
    }
    if (seen == from) {
      return Inference.NEED_MORE_BYTES;
    }
    boolean upper = true;
    for (int i = from; i < seen; i++) {
      byte c = b.get(i);
      if (c == 0) {
        return i != end - 1 ? Inference.NO : upper ? Inference.YES : Inference.MAYBE;
      }
      upper &= (c >= 'A' && c <= 'Z') || (i > from && (c == ' ' || (c >= '0' && c <= '9')));
      if (!Wire.isText(c)) {
        return Inference.NO;
      }
    }
    return seen == end ? Inference.NO : Inference.NEED_MORE_BYTES;
  }

  /** ErrorResponse or NoticeResponse: fields that start with a severity; or a client's Execute. */
  private static Inference fieldsOrExecute(ByteBuffer b, byte type, int from, int end, int seen) {
    if (seen == from) {
      return Inference.NEED_MORE_BYTES;
    }
    if (type == 'E' && b.get(from) != 'S') {
      return end - from >= 5 ? Inference.MAYBE : Inference.NO;
    }
    if (b.get(from) != 'S') {
      return Inference.NO;
    }
    for (int i = from + 1; i < seen; i++) {
      byte c = b.get(i);
      if (c == 0) {
        return i > from + 1 ? Inference.YES : Inference.NO;
      }
      if (!Wire.isText(c)) {
        return Inference.NO;
      }
    }
    return seen == end ? Inference.NO : Inference.NEED_MORE_BYTES;
  }

  /** DataRow: a column count and that many length-prefixed values; or a client's Describe. */
  private static Inference dataRowOrDescribe(ByteBuffer b, int from, int end, int seen) {
    if (end - from < 2) {
      return Inference.NO;
    }
    if (seen < from + 2) {
      return Inference.NEED_MORE_BYTES;
    }
    byte first = b.get(from);
    if ((first == 'S' || first == 'P') && Wire.nul(b, from + 1, end) == end - 1) {
      return Inference.MAYBE;
    }
    int columns = int16(b, from);
    if (columns > MAX_COLUMNS) {
      return Inference.NO;
    }
    int at = from + 2;
    for (int column = 0; column < columns; column++) {
      if (at + 4 > seen) {
        return at + 4 > end ? Inference.NO : Inference.MAYBE;
      }
      int valueLength = int32(b, at);
      if (valueLength < -1) {
        return Inference.NO;
      }
      at += 4 + Math.max(0, valueLength);
      if (at > end) {
        return Inference.NO;
      }
    }
    return at == end ? (columns > 0 ? Inference.YES : Inference.MAYBE) : Inference.NO;
  }

  private static Inference parameterStatus(ByteBuffer b, int from, int end, int seen) {
    int nameEnd = Wire.nul(b, from, seen);
    if (seen == from) {
      return Inference.NEED_MORE_BYTES;
    }
    if (!isAsciiLetter(b.get(from))) {
      return Inference.NO;
    }
    if (nameEnd < 0) {
      return seen == end ? Inference.NO : Inference.NEED_MORE_BYTES;
    }
    int valueEnd = Wire.nul(b, nameEnd + 1, seen);
    if (valueEnd < 0) {
      return seen == end ? Inference.NO : Inference.NEED_MORE_BYTES;
    }
    return valueEnd == end - 1 ? Inference.YES : Inference.NO;
  }

  /** CopyInResponse, CopyOutResponse, CopyBothResponse: format, column count, column formats. */
  private static Inference copyResponse(ByteBuffer b, int body, int length, int seen) {
    if (length < 7) {
      return Inference.NO;
    }
    if (seen < body + 3) {
      return Inference.NEED_MORE_BYTES;
    }
    byte format = b.get(body);
    return (format == 0 || format == 1) && length == 7 + 2 * int16(b, body + 1) ? Inference.MAYBE : Inference.NO;
  }

  private static boolean startsSql(byte c) {
    return isAsciiLetter(c) || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '-' || c == '/';
  }

  private static boolean isAsciiLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isTransactionStatus(byte c) {
    return c == 'I' || c == 'T' || c == 'E';
  }
}
