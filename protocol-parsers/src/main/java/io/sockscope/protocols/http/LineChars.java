package io.sockscope.protocols.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line of the unconsumed bytes, without its line ending, read as ISO-8859-1 characters (each
 * byte one character), and the scans the line parsers make over it with the character classes of
 * HTTP/1.x (RFC 9110 section 5.6). The two decoders of a session share one and refill it for every
 * line, so reading and checking a line allocates nothing: only the parts kept ({@link #text})
 * become Strings. Its characters are valid until the next {@link #read}. Confined to the session's
 * thread.
 *
 * <p>The scans take a range {@code [from, to)} of the line and read the bytes in place.
 */
final class LineChars implements CharSequence {

  /** Which bytes are token characters: letters, digits and {@code !#$%&'*+-.^_`|~}. */
  private static final boolean[] TOKEN_BYTES = tokenBytes();

  private byte[] bytes = new byte[64];
  private int length;

  /** A line holding {@code text}, which has no line ending: how tests make one. */
  static LineChars of(String text) {
    LineChars line = new LineChars();
    line.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    line.length = line.bytes.length;
    return line;
  }

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

  @Override
  public String subSequence(int start, int end) {
    return text(start, end);
  }

  @Override
  public String toString() {
    return text(0, length);
  }

  /** The characters from {@code from} to {@code to} as a new String. */
  String text(int from, int to) {
    checkRange(from, to);
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Whether the range is a non-empty token, as header names and methods are. */
  boolean isToken(int from, int to) {
    return from < to && tokenEnd(from, to) == to;
  }

  /** The first index of the range that is not a token character, or {@code to}. */
  int tokenEnd(int from, int to) {
    checkRange(from, to);
    for (int i = from; i < to; i++) {
      if (!TOKEN_BYTES[bytes[i] & 0xff]) {
        return i;
      }
    }
    return to;
  }

  /** The first index of {@code c} in the range, or -1. */
  int indexOf(char c, int from, int to) {
    checkRange(from, to);
    for (int i = from; i < to; i++) {
      if (bytes[i] == (byte) c) {
        return i;
      }
    }
    return -1;
  }

  /** The last index of {@code c} in the range, or -1. */
  int lastIndexOf(char c, int from, int to) {
    checkRange(from, to);
    for (int i = to - 1; i >= from; i--) {
      if (bytes[i] == (byte) c) {
        return i;
      }
    }
    return -1;
  }

  /** The first index of the range that is not optional whitespace (space, tab), or {@code to}. */
  int skipWhitespace(int from, int to) {
    checkRange(from, to);
    int i = from;
    while (i < to && isWhitespace(bytes[i])) {
      i++;
    }
    return i;
  }

  /** The end of the range without its trailing whitespace, no lower than {@code from}. */
  int trimEnd(int from, int to) {
    checkRange(from, to);
    int end = to;
    while (end > from && isWhitespace(bytes[end - 1])) {
      end--;
    }
    return end;
  }

  /** Whether the range holds exactly {@code expected}, which is ASCII. */
  boolean regionEquals(int from, int to, String expected) {
    checkRange(from, to);
    if (to - from != expected.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (bytes[i] != expected.charAt(i - from)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the range holds {@code lowerCase}, ignoring the case of ASCII letters; {@code
   * lowerCase} is ASCII with no upper-case letter.
   */
  boolean equalsIgnoreCase(int from, int to, String lowerCase) {
    checkRange(from, to);
    if (to - from != lowerCase.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      int b = bytes[i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerCase.charAt(i - from)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the character at {@code index} is optional whitespace, a space or a tab. */
  boolean isWhitespaceAt(int index) {
    return isWhitespace((byte) charAt(index));
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t';
  }

  private void checkRange(int from, int to) {
    if (from < 0 || from > to || to > length) {
      throw new IndexOutOfBoundsException(
          "characters " + from + " to " + to + " of a line of " + length);
    }
  }

  private static boolean[] tokenBytes() {
    boolean[] token = new boolean[256];
    for (char c = '0'; c <= '9'; c++) {
      token[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      token[c] = true;
      token[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      token[c] = true;
    }
    return token;
  }
}
