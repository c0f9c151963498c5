package io.sockscope.protocols.memcached;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises the first bytes of a memcached message: a text command ({@code get k}, {@code set k 0
 * 0 5}, {@code version\r\n}), a text reply ({@code VALUE }, {@code STORED\r\n}, {@code END\r\n},
 * {@code STAT }, ...), or a binary packet header with a known opcode and lengths that fit. Used to
 * infer the protocol of a connection and, when the role is unknown, which direction carries
 * requests. Stateless.
 */
final class MessageStart {

  /** Whole reply lines that are distinctive enough to name the protocol. */
  private static final List<byte[]> REPLY_LINES =
      ascii("STORED\r\n", "NOT_STORED\r\n", "EXISTS\r\n", "NOT_FOUND\r\n", "DELETED\r\n",
          "TOUCHED\r\n", "END\r\n", "MN\r\n");

  /** Reply prefixes followed by a visible character: {@code VALUE key ...}, {@code STAT pid 1}. */
  private static final List<byte[]> REPLY_PREFIXES =
      ascii("VALUE ", "STAT ", "VERSION ", "CLIENT_ERROR ", "SERVER_ERROR ", "VA ");

  private static final List<byte[]> COMMANDS =
      TextCommand.WORDS.stream().map(w -> w.getBytes(StandardCharsets.US_ASCII)).toList();

  private MessageStart() {}

  /**
   * Whether the bytes begin a text command: a known command word in lower case, then a space and
   * a visible character (a key or an argument), or for a command that needs no key, CRLF.
   */
  static Inference textCommand(ByteBuffer bytes, int from, int limit) {
    Inference best = Inference.NO;
    for (byte[] word : COMMANDS) {
      Inference verdict = prefix(bytes, from, limit, word);
      if (verdict == Inference.YES) {
        verdict = afterWord(bytes, from + word.length, limit, word);
      }
      best = better(best, verdict);
    }
    return best;
  }

  /** Whether the bytes begin a text reply that only memcached sends. */
  static Inference textReply(ByteBuffer bytes, int from, int limit) {
    Inference best = Inference.NO;
    for (byte[] line : REPLY_LINES) {
      best = better(best, prefix(bytes, from, limit, line));
    }
    for (byte[] start : REPLY_PREFIXES) {
      Inference verdict = prefix(bytes, from, limit, start);
      if (verdict == Inference.YES) {
        int next = from + start.length;
        verdict = next == limit ? Inference.NEED_MORE_BYTES
            : isVisible(bytes.get(next)) ? Inference.YES : Inference.NO;
      }
      best = better(best, verdict);
    }
    return best;
  }

  /**
   * Whether the bytes begin a binary packet: magic 0x80 (request) or 0x81 (response), a known
   * opcode, data type 0, extras that fit the opcode (a request) or 0 or 4 bytes (a response), a
   * known status (a response), and extras and key within a body of believable length.
   */
  static Inference binaryPacket(ByteBuffer bytes, int from, int limit) {
    if (limit == from) {
      return Inference.NEED_MORE_BYTES;
    }
    int magic = bytes.get(from) & 0xff;
    if (magic != BinaryHeader.REQUEST_MAGIC && magic != BinaryHeader.RESPONSE_MAGIC) {
      return Inference.NO;
    }
    if (limit - from >= 2 && Opcode.of(bytes.get(from + 1) & 0xff) == null) {
      return Inference.NO;
    }
    if (limit - from < BinaryHeader.BYTES) {
      return Inference.NEED_MORE_BYTES;
    }
    BinaryHeader header = BinaryHeader.read(bytes, from);
    Opcode opcode = Opcode.of(header.opcode());
    boolean extrasFit = header.isRequest()
        ? opcode != null && opcode.acceptsRequestExtras(header.extrasLength())
        : (header.extrasLength() == 0 || header.extrasLength() == 4)
            && BinaryStatus.isKnown(header.status());
    boolean fits = header.dataType() == 0 && extrasFit && header.valueLength() >= 0
        && header.bodyLength() <= MemcachedLimits.MAX_BINARY_BODY_BYTES;
    return fits ? Inference.YES : Inference.NO;
  }

  /** After a command word: a space and a visible byte, or for a keyless command, CRLF. */
  private static Inference afterWord(ByteBuffer bytes, int at, int limit, byte[] word) {
    if (at == limit) {
      return Inference.NEED_MORE_BYTES;
    }
    byte next = bytes.get(at);
    if (next == ' ') {
      if (at + 1 == limit) {
        return Inference.NEED_MORE_BYTES;
      }
      return isVisible(bytes.get(at + 1)) ? Inference.YES : Inference.NO;
    }
    boolean keyless =
        TextCommand.WORDS_WITHOUT_KEY.contains(new String(word, StandardCharsets.US_ASCII));
    if (next == '\r' && keyless) {
      if (at + 1 == limit) {
        return Inference.NEED_MORE_BYTES;
      }
      return bytes.get(at + 1) == '\n' ? Inference.YES : Inference.NO;
    }
    return Inference.NO;
  }

  private static Inference prefix(ByteBuffer bytes, int from, int limit, byte[] prefix) {
    int available = Math.min(limit - from, prefix.length);
    for (int i = 0; i < available; i++) {
      if (bytes.get(from + i) != prefix[i]) {
        return Inference.NO;
      }
    }
    return available == prefix.length ? Inference.YES : Inference.NEED_MORE_BYTES;
  }

  static Inference better(Inference a, Inference b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static boolean isVisible(byte b) {
    return b > ' ' && b < 0x7f;
  }

  private static List<byte[]> ascii(String... strings) {
    return java.util.Arrays.stream(strings)
        .map(s -> s.getBytes(StandardCharsets.US_ASCII))
        .toList();
  }
}
