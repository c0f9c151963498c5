package io.sockscope.protocols.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Finds whole lines, ended by CRLF or a bare LF, in the unconsumed bytes of one direction. The same
 * unconsumed bytes come back with more behind them until a line is consumed, so the reader
 * remembers how far it has already looked and does not scan bytes offered a few at a time again and
 * again. Confined to its decoder's thread.
 */
final class LineReader {

  /** How many unconsumed bytes, from the first, are known to hold no line feed. */
  private int bytesWithoutLineFeed;

  private final LineChars line;

  /** @param line where lines are read; a reader may share it with others of the same thread */
  LineReader(LineChars line) {
    this.line = line;
  }

  /**
   * The index just past the first line feed of the unconsumed bytes, which start at {@code pos}; or
   * -1 when there is none before {@code limit}.
   */
  int nextLineEnd(ByteBuffer data, int pos, int limit) {
    int lineEnd = endOfLine(data, pos + Math.min(bytesWithoutLineFeed, limit - pos), limit);
    bytesWithoutLineFeed = lineEnd < 0 ? limit - pos : 0;
    return lineEnd;
  }

  /** Bytes were consumed or discarded: the unconsumed bytes now start elsewhere. */
  void consumed() {
    bytesWithoutLineFeed = 0;
  }

  /**
   * The index just past the next line feed from {@code from}, or -1 when there is none. Looks at
   * eight bytes at a time.
   */
  static int endOfLine(ByteBuffer data, int from, int limit) {
    int i = from;
    boolean bigEndian = data.order() == ByteOrder.BIG_ENDIAN;
    for (; limit - i >= Long.BYTES; i += Long.BYTES) {
      long lineFeeds = lineFeedBytes(data.getLong(i));
      if (lineFeeds != 0) {
        int bit =
            bigEndian
                ? Long.numberOfLeadingZeros(lineFeeds)
                : Long.numberOfTrailingZeros(lineFeeds);
        return i + bit / Byte.SIZE + 1;
      }
    }
    for (; i < limit; i++) {
      if (data.get(i) == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * The high bit of each byte of {@code word} that is a line feed, and no other bit: exact, so that
   * the first line feed is found in either byte order.
   */
  private static long lineFeedBytes(long word) {
    long zeroWhereLineFeed = word ^ 0x0a0a0a0a0a0a0a0aL;
    long lowBits = 0x7f7f7f7f7f7f7f7fL;
    return ~((zeroWhereLineFeed & lowBits) + lowBits | zeroWhereLineFeed | lowBits);
  }

  /**
   * The line from {@code from} to {@code lineEnd} without its CRLF or LF, as ISO-8859-1 characters;
   * valid until the next call.
   */
  LineChars text(ByteBuffer data, int from, int lineEnd) {
    return line.read(data, from, lineEnd);
  }
}
