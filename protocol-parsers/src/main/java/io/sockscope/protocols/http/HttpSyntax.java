package io.sockscope.protocols.http;

/**
 * The character classes of HTTP/1.x (RFC 9110 section 5.6) and the scans the line parsers make
 * with them, over a range {@code [from, to)} of a line's characters. They read the characters in
 * place: nothing is copied or allocated. Stateless.
 */
final class HttpSyntax {

  /** Which characters below 128 are token characters: letters, digits and {@code !#$%&'*+-.^_`|~}. */
  private static final boolean[] TOKEN_CHARS = tokenChars();

  private HttpSyntax() {}

  /** Whether the range is a non-empty token, as header names and methods are. */
  static boolean isToken(CharSequence s, int from, int to) {
    return from < to && tokenEnd(s, from, to) == to;
  }

  /** The first index of the range that is not a token character, or {@code to}. */
  static int tokenEnd(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= TOKEN_CHARS.length || !TOKEN_CHARS[c]) {
        return i;
      }
    }
    return to;
  }

  /** Whether {@code c} is optional whitespace, a space or a horizontal tab. */
  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /** The first index of the range that is not whitespace, or {@code to}. */
  static int skipWhitespace(CharSequence s, int from, int to) {
    int i = from;
    while (i < to && isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The end of the range without its trailing whitespace, no lower than {@code from}. */
  static int trimEnd(CharSequence s, int from, int to) {
    int end = to;
    while (end > from && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** The first index of {@code c} in the range, or -1. */
  static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** The last index of {@code c} in the range, or -1. */
  static int lastIndexOf(CharSequence s, char c, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the range holds exactly {@code expected}. */
  static boolean equals(CharSequence s, int from, int to, String expected) {
    if (to - from != expected.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != expected.charAt(i - from)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the range holds {@code lowerCase}, ignoring the case of ASCII letters; {@code
   * lowerCase} is ASCII with no upper-case letter.
   */
  static boolean equalsIgnoreCase(CharSequence s, int from, int to, String lowerCase) {
    if (to - from != lowerCase.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerCase.charAt(i - from)) {
        return false;
      }
    }
    return true;
  }

  private static boolean[] tokenChars() {
    boolean[] token = new boolean[128];
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
