package io.sockscope.protocols.http;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Recognises the first bytes of an HTTP/1.x message: a request line with a well-known method
 * ({@code GET /index.html ...}) or a status line ({@code HTTP/1.1 200 ...}). Used to infer the
 * protocol of a new connection, to learn which direction carries requests, and to find the next
 * message after lost bytes. Stateless.
 */
final class MessageStart {

  private static final byte[][] METHODS_WITH_SPACE =
      ascii(
          "GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE ");

  private static final byte[][] VERSIONS_WITH_SPACE = ascii("HTTP/1.0 ", "HTTP/1.1 ");

  /** The versions {@code 1.0} to {@code 1.9}, by minor version. */
  private static final String[] MINOR_VERSIONS = {
    "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9"
  };

  private MessageStart() {}

  /**
   * Whether the bytes from {@code from} to {@code limit} begin a request line: a well-known method,
   * a space and the first character of a target.
   */
  static Inference requestLine(ByteBuffer bytes, int from, int limit) {
    Inference best = Inference.NO;
    for (byte[] method : METHODS_WITH_SPACE) {
      Inference verdict = matchPrefix(bytes, from, limit, method);
      if (verdict == Inference.YES) {
        int target = from + method.length;
        if (target == limit) {
          verdict = Inference.NEED_MORE_BYTES;
        } else {
          verdict = isVisible(bytes.get(target)) ? Inference.YES : Inference.NO;
        }
      }
      best = better(best, verdict);
    }
    return best;
  }

  /** Whether the bytes from {@code from} to {@code limit} begin a status line. */
  static Inference statusLine(ByteBuffer bytes, int from, int limit) {
    Inference best = Inference.NO;
    for (byte[] version : VERSIONS_WITH_SPACE) {
      best = better(best, matchPrefix(bytes, from, limit, version));
    }
    return best;
  }

  /**
   * The version of the {@code HTTP/1.x} token from {@code from} to {@code to}, such as {@code
   * "1.1"}, or null when the token is not one.
   */
  static @Nullable String protocolVersion(LineChars line, int from, int to) {
    if (to - from != 8 || !line.regionEquals(from, from + 7, "HTTP/1.")) {
      return null;
    }
    char minor = line.charAt(from + 7);
    return minor >= '0' && minor <= '9' ? MINOR_VERSIONS[minor - '0'] : null;
  }

  private static Inference matchPrefix(ByteBuffer bytes, int from, int limit, byte[] prefix) {
    int available = Math.min(limit - from, prefix.length);
    for (int i = 0; i < available; i++) {
      if (bytes.get(from + i) != prefix[i]) {
        return Inference.NO;
      }
    }
    return available == prefix.length ? Inference.YES : Inference.NEED_MORE_BYTES;
  }

  private static Inference better(Inference a, Inference b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static boolean isVisible(byte b) {
    return b > ' ' && b < 0x7f;
  }

  private static byte[][] ascii(String... strings) {
    byte[][] bytes = new byte[strings.length][];
    for (int i = 0; i < strings.length; i++) {
      bytes[i] = strings[i].getBytes(StandardCharsets.US_ASCII);
    }
    return bytes;
  }
}
