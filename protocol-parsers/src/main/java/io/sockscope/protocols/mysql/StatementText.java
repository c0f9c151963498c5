package io.sockscope.protocols.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Decodes and describes the text of a statement. Stateless. */
final class StatementText {

  private static final int MAX_KEYWORD_CHARS = 32;
  private static final int SUMMARY_CHARS = 80;

  private StatementText() {}

  /**
   * The UTF-8 text in {@code bytes} from {@code from} to {@code to}, cut to at most {@link
   * MySqlLimits#MAX_QUERY_TEXT_BYTES} bytes at a character boundary.
   */
  static String decode(byte[] bytes, int from, int to) {
    int end = to;
    if (end - from > MySqlLimits.MAX_QUERY_TEXT_BYTES) {
      end = from + MySqlLimits.MAX_QUERY_TEXT_BYTES;
      while (end > from && (bytes[end] & 0xc0) == 0x80) { // do not split a character
        end--;
      }
    }
    return new String(bytes, from, Math.max(0, end - from), StandardCharsets.UTF_8);
  }

  /**
   * The first keyword of a statement, upper case: {@code SELECT}, {@code INSERT}, ... Leading
   * blanks, comments and parentheses are skipped; the body of a {@code /*!} comment, which the
   * server executes, is not. Null when the text begins with no word.
   */
  static @Nullable String firstKeyword(String text) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (text.startsWith("/*!", i)) {
        i += 3;
        while (i < n && Character.isDigit(text.charAt(i))) {
          i++;
        }
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        if (close < 0) {
          return null;
        }
        i = close + 2;
      } else if (c == '#' || text.startsWith("--", i)) {
        int newline = text.indexOf('\n', i);
        if (newline < 0) {
          return null;
        }
        i = newline + 1;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && i - start < MAX_KEYWORD_CHARS && isWordChar(text.charAt(i))) {
      i++;
    }
    return i == start ? null : text.substring(start, i).toUpperCase(Locale.ROOT);
  }

  /**
   * The text on one line, cut to a length a summary can carry: without leading and trailing white
   * space, each run of spaces, tabs and line breaks as one space, at most {@value #SUMMARY_CHARS}
   * characters (a cut one ends in "..."). Reads no further into the text than the summary needs.
   */
  static String abbreviate(String text) {
    String stripped = text.strip();
    StringBuilder line = new StringBuilder(Math.min(stripped.length(), SUMMARY_CHARS + 1));
    boolean spaceDue = false;
    for (int i = 0; i < stripped.length() && line.length() <= SUMMARY_CHARS; i++) {
      char c = stripped.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
        spaceDue = true;
      } else {
        if (spaceDue) {
          line.append(' ');
          spaceDue = false;
        }
        line.append(c);
      }
    }
    if (line.length() <= SUMMARY_CHARS) {
      return line.toString();
    }
    line.setLength(SUMMARY_CHARS - 3);
    return line.append("...").toString();
  }

  private static boolean isWordChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }
}
