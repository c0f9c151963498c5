package io.sockscope.protocols.mysql;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;

/**
 * Recognises the messages that may begin what the parser sees of a connection, from bytes that
 * start at a packet header: a server greeting (HandshakeV10), a client's handshake response or SSL
 * request, or a client command of the command phase. Each answers {@link Inference#YES} for a
 * well-formed start, {@link Inference#NEED_MORE_BYTES} for a short prefix of one, {@link
 * Inference#NO} otherwise. Stateless.
 */
final class PacketStart {

  private static final int HEADER = 4;
  private static final int PROTOCOL_VERSION_10 = 0x0a;
  private static final int MAX_VERSION_CHARS = 64;
  private static final int MIN_GREETING_BYTES = 20;
  private static final int SSL_REQUEST_BYTES = 32;
  private static final int HANDSHAKE_FILLER_START = 9;
  private static final int HANDSHAKE_FILLER_ZEROS = 19;
  private static final int MAX_NAME_BYTES = 256;

  private PacketStart() {}

  /** The best of the three answers below. */
  static Inference any(ByteBuffer bytes, int from, int limit) {
    return best(greeting(bytes, from, limit), best(handshakeResponse(bytes, from, limit), command(bytes, from, limit)));
  }

  /** The first of a client's messages: a handshake response or a command. */
  static Inference fromClient(ByteBuffer bytes, int from, int limit) {
    return best(handshakeResponse(bytes, from, limit), command(bytes, from, limit));
  }

  static Inference best(Inference a, Inference b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A server greeting: seq 0, protocol 10, a printable version starting with a digit, NUL. */
  static Inference greeting(ByteBuffer bytes, int from, int limit) {
    Inference header = header(bytes, from, limit, 0, 0, MIN_GREETING_BYTES, MySqlLimits.MAX_HANDSHAKE_BYTES);
    if (header != Inference.YES) {
      return header;
    }
    int end = Math.min(limit, from + HEADER + length(bytes, from));
    int payload = from + HEADER;
    if (payload >= end) {
      return Inference.NEED_MORE_BYTES;
    }
    if ((bytes.get(payload) & 0xff) != PROTOCOL_VERSION_10) {
      return Inference.NO;
    }
    int version = payload + 1;
    for (int i = version; i < end && i <= version + MAX_VERSION_CHARS; i++) {
      int c = bytes.get(i) & 0xff;
      if (c == 0) {
        if (i == version) {
          return Inference.NO;
        }
        // thread id (4), first scramble part (8), then a filler byte 0
        int filler = i + 1 + 4 + 8;
        if (filler >= from + HEADER + length(bytes, from)) {
          return Inference.NO;
        }
        return filler >= end ? Inference.NEED_MORE_BYTES : bytes.get(filler) == 0 ? Inference.YES : Inference.NO;
      }
      boolean digitFirst = i > version || (c >= '0' && c <= '9');
      if (!digitFirst || c < 0x20 || c > 0x7e) {
        return Inference.NO;
      }
    }
    return end - version <= MAX_VERSION_CHARS && end < from + HEADER + length(bytes, from)
        ? Inference.NEED_MORE_BYTES
        : Inference.NO;
  }

  /**
   * A client's HandshakeResponse41 (seq 1, or 2 after an SSL request) or SSL request: it speaks
   * protocol 4.1, its 19 filler bytes are zero, and the user name is printable up to a NUL.
   */
  static Inference handshakeResponse(ByteBuffer bytes, int from, int limit) {
    Inference header = header(bytes, from, limit, 1, 2, SSL_REQUEST_BYTES, MySqlLimits.MAX_HANDSHAKE_BYTES);
    if (header != Inference.YES) {
      return header;
    }
    int length = length(bytes, from);
    int payload = from + HEADER;
    if (limit < payload + 4) {
      return Inference.NEED_MORE_BYTES;
    }
    long capabilities = le32(bytes, payload);
    if (!Capabilities.has(capabilities, Capabilities.CLIENT_PROTOCOL_41)) {
      return Inference.NO;
    }
    int filler = payload + HANDSHAKE_FILLER_START;
    for (int i = filler; i < filler + HANDSHAKE_FILLER_ZEROS; i++) {
      if (i >= limit) {
        return Inference.NEED_MORE_BYTES;
      }
      if (bytes.get(i) != 0) {
        return Inference.NO;
      }
    }
    if (length == SSL_REQUEST_BYTES) {
      return Capabilities.has(capabilities, Capabilities.CLIENT_SSL) ? Inference.YES : Inference.NO;
    }
    return printableUpToNul(bytes, payload + SSL_REQUEST_BYTES, Math.min(limit, payload + length), payload + length, true);
  }

  /** A command of the command phase: seq 0, a known command byte, a length that fits it. */
  static Inference command(ByteBuffer bytes, int from, int limit) {
    Inference header = header(bytes, from, limit, 0, 0, 1, Message.MAX_PACKET_PAYLOAD);
    if (header != Inference.YES) {
      return header;
    }
    int length = length(bytes, from);
    int payload = from + HEADER;
    if (limit <= payload) {
      return Inference.NEED_MORE_BYTES;
    }
    Command command = Command.of(bytes.get(payload) & 0xff);
    if (command == null) {
      return Inference.NO;
    }
    int end = Math.min(limit, payload + length);
    switch (command) {
      case QUIT, STATISTICS, PROCESS_INFO, DEBUG, PING, RESET_CONNECTION:
        return yesIf(length == 1);
      case STMT_CLOSE, STMT_RESET, PROCESS_KILL:
        return yesIf(length == 5);
      case STMT_FETCH:
        return yesIf(length == 9);
      case SET_OPTION:
        return yesIf(length == 3);
      case REFRESH:
        return yesIf(length == 2);
      case SHUTDOWN:
        return yesIf(length <= 2);
      case STMT_SEND_LONG_DATA, STMT_BULK_EXECUTE:
        return yesIf(length >= 7);
      case STMT_EXECUTE:
        return length < 10 ? Inference.NO : iterationCountIsOne(bytes, payload + 6, limit);
      case QUERY, STMT_PREPARE:
        return length < 2 ? Inference.NO : statementText(bytes, payload + 1, end, payload + length);
      case INIT_DB, CREATE_DB, DROP_DB:
        return length < 2 || length > MAX_NAME_BYTES ? Inference.NO
            : printableUpToNul(bytes, payload + 1, end, payload + length, false);
      case FIELD_LIST, CHANGE_USER:
        return length < 2 ? Inference.NO : printableUpToNul(bytes, payload + 1, end, payload + length, true);
      default:
        return Inference.NO;
    }
  }

  /** The payload length in the header at {@code from}; the header's 3 bytes must be there. */
  static int length(ByteBuffer bytes, int from) {
    return (bytes.get(from) & 0xff) | (bytes.get(from + 1) & 0xff) << 8 | (bytes.get(from + 2) & 0xff) << 16;
  }

  /** Whether a header, as far as present, has a sequence id and a length in the given ranges. */
  private static Inference header(
      ByteBuffer bytes, int from, int limit, int minSeq, int maxSeq, int minLength, int maxLength) {
    if (limit - from < 3) {
      return Inference.NEED_MORE_BYTES;
    }
    int length = length(bytes, from);
    if (length < minLength || length > maxLength) {
      return Inference.NO;
    }
    if (limit - from < HEADER) {
      return Inference.NEED_MORE_BYTES;
    }
    int seq = bytes.get(from + 3) & 0xff;
    return seq >= minSeq && seq <= maxSeq ? Inference.YES : Inference.NO;
  }

  /** The unsigned little-endian 32-bit integer at {@code at}, whatever the buffer's byte order. */
  static long le32(ByteBuffer bytes, int at) {
    return (bytes.get(at) & 0xffL) | (bytes.get(at + 1) & 0xffL) << 8 | (bytes.get(at + 2) & 0xffL) << 16
        | (bytes.get(at + 3) & 0xffL) << 24;
  }

  private static Inference yesIf(boolean condition) {
    return condition ? Inference.YES : Inference.NO;
  }

  private static Inference iterationCountIsOne(ByteBuffer bytes, int at, int limit) {
    if (limit < at + 4) {
      return Inference.NEED_MORE_BYTES;
    }
    return yesIf(le32(bytes, at) == 1);
  }

  /**
   * Statement text: characters without control bytes other than tab, CR and LF, whose first
   * non-blank one may start SQL (a letter, a parenthesis, a comment or an escape brace).
   */
  private static Inference statementText(ByteBuffer bytes, int from, int end, int packetEnd) {
    boolean started = false;
    for (int i = from; i < end; i++) {
      int c = bytes.get(i) & 0xff;
      boolean blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
      if ((c < 0x20 && !blank) || c == 0x7f) {
        return Inference.NO;
      }
      if (!started && !blank) {
        boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!letter && "(/-#{".indexOf(c) < 0) {
          return Inference.NO;
        }
        started = true;
      }
    }
    return started ? Inference.YES : end < packetEnd ? Inference.NEED_MORE_BYTES : Inference.NO;
  }

  /** Printable ASCII or UTF-8 bytes up to a NUL (required only when {@code nulRequired}). */
  private static Inference printableUpToNul(ByteBuffer bytes, int from, int end, int packetEnd, boolean nulRequired) {
    for (int i = from; i < end; i++) {
      int c = bytes.get(i) & 0xff;
      if (c == 0) {
        return Inference.YES;
      }
      if (c < 0x20 || c == 0x7f || i - from > MAX_NAME_BYTES) {
        return Inference.NO;
      }
    }
    if (end < packetEnd) {
      return Inference.NEED_MORE_BYTES;
    }
    return nulRequired || end == from ? Inference.NO : Inference.YES;
  }
}
