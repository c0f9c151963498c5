package io.sockscope.protocols.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line of the unconsumed bytes, without its line ending, read as ISO-8859-1 characters: each
 * byte is one character. A decoder keeps one and refills it for every line, so reading a line
 * allocates nothing; only the parts kept ({@link #subSequence}, {@link #toString}) become Strings.
 * Its characters are valid until the next {@link #read}. The two decoders of a session share one,
 * since each reads and parses a line within one call. Confined to the session's thread.
 *
 * <p>The parsers of start lines and header lines take any {@link CharSequence}, so a String works
 * as well, as the tests use them.
 */
final class LineChars implements CharSequence {

  private byte[] bytes = new byte[64];
  private int length;

  /**
   * Reads the line from {@code from} to {@code lineEnd}, which is just past its line feed, and
   * drops its CRLF or LF. Returns this.
   */
  LineChars read(ByteBuffer data, int from, int lineEnd) {
    int end = lineEnd - 1;
    if (end > from && data.get(end - 1) == '\r') {
      end--;
    }
    length = end - from;
    if (length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length, 2 * bytes.length));
    }
    data.get(from, bytes, 0, length);
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index >= length) {
      throw new IndexOutOfBoundsException("index " + index + " of a line of " + length);
    }
    return (char) (bytes[index] & 0xff);
  }

  /** The characters from {@code start} to {@code end} as a new String. */
  @Override
  public String subSequence(int start, int end) {
    if (start < 0 || start > end || end > length) {
      throw new IndexOutOfBoundsException(
          "characters " + start + " to " + end + " of a line of " + length);
    }
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    return subSequence(0, length);
  }
}
