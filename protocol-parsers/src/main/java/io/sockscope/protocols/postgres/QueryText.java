package io.sockscope.protocols.postgres;

import java.nio.ByteBuffer;

/**
 * The SQL text of a Query or Parse message as it is reported in {@code db.query.text}: cut to
 * {@link PostgresLimits#MAX_QUERY_TEXT_CHARS}, and, when it mentions a password anywhere
 * ({@code ALTER ROLE ... PASSWORD '...'}, {@code dblink('... password=...')}), with the contents
 * of every string literal replaced by {@code ***}.
 */
final class QueryText {
  /** Enough UTF-8 bytes for the longest reported text: at most 4 bytes a character. */
  private static final int MAX_DECODED_BYTES = 4 * PostgresLimits.MAX_QUERY_TEXT_CHARS;

  private static final String PASSWORD = "password";

  private QueryText() {}

  /** The text in {@code [from, to)} (to excludes its NUL), ready to report. */
  static String of(ByteBuffer body, int from, int to) {
    String text = Wire.utf8(body, from, Math.min(to, from + MAX_DECODED_BYTES));
    if (text.length() > PostgresLimits.MAX_QUERY_TEXT_CHARS) {
      int cut = PostgresLimits.MAX_QUERY_TEXT_CHARS;
      if (Character.isHighSurrogate(text.charAt(cut - 1))) {
        cut--;
      }
      text = text.substring(0, cut);
    }
    return mentionsPassword(text) ? withoutLiterals(text) : text;
  }

  /** Whether {@code password} appears in the text, in any case; without a lower-case copy of it. */
  private static boolean mentionsPassword(String text) {
    for (int i = 0; i + PASSWORD.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, PASSWORD, 0, PASSWORD.length())) {
        return true;
      }
    }
    return false;
  }

  /** Replaces what is between single quotes ({@code ''} escapes included) with {@code ***}. */
  static String withoutLiterals(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inLiteral = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!inLiteral) {
        out.append(c);
        inLiteral = c == '\'';
      } else if (c == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
        i++;
      } else if (c == '\'') {
        out.append("***'");
        inLiteral = false;
      }
    }
    if (inLiteral) {
      out.append("***");
    }
    return out.toString();
  }

  /**
   * A short form for a summary line: without leading and trailing white space, each run of spaces,
   * tabs and line breaks as one space, cut to at most {@code max} characters (a cut one ends in
   * "..."). Reads no further into the text than the summary needs.
   */
  static String brief(String text, int max) {
    String stripped = text.strip();
    StringBuilder flat = new StringBuilder(Math.min(stripped.length(), max + 1));
    boolean spaceDue = false;
    for (int i = 0; i < stripped.length() && flat.length() <= max; i++) {
      char c = stripped.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
        spaceDue = true;
      } else {
        if (spaceDue) {
          flat.append(' ');
          spaceDue = false;
        }
        flat.append(c);
      }
    }
    if (flat.length() <= max) {
      return flat.toString();
    }
    flat.setLength(max - 3);
    return flat.append("...").toString();
  }
}
