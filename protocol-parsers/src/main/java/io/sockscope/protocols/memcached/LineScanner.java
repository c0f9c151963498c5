package io.sockscope.protocols.memcached;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds whole lines, ended by CRLF or a bare LF (memcached accepts both), in the unconsumed bytes
 * of one direction, remembering how far it has looked so that bytes offered a few at a time are not
 * scanned again and again. Confined to its decoder's thread.
 */
final class LineScanner {

  /** How many unconsumed bytes, from the first, are known to hold no line feed. */
  private int bytesWithoutLineFeed;

  /** The index just past the next line feed from {@code pos}, or -1 when none before {@code limit}. */
  int nextLineEnd(ByteBuffer data, int pos, int limit) {
    for (int i = pos + Math.min(bytesWithoutLineFeed, limit - pos); i < limit; i++) {
      if (data.get(i) == '\n') {
        bytesWithoutLineFeed = 0;
        return i + 1;
      }
    }
    bytesWithoutLineFeed = limit - pos;
    return -1;
  }

  /** Bytes were consumed or discarded: the unconsumed bytes now start elsewhere. */
  void consumed() {
    bytesWithoutLineFeed = 0;
  }

  /** The line from {@code from} to {@code lineEnd} without its CRLF or LF, as ISO-8859-1. */
  static String text(ByteBuffer data, int from, int lineEnd) {
    int end = lineEnd - 1;
    if (end > from && data.get(end - 1) == '\r') {
      end--;
    }
    byte[] bytes = new byte[end - from];
    data.get(from, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Whether a line holds only printable characters and tabs (no other control bytes). */
  static boolean isPrintable(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
