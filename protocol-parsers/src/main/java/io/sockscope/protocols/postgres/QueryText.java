package io.sockscope.protocols.postgres;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The SQL text of a Query or Parse message as it is reported in {@code db.query.text}: cut to
 * {@link PostgresLimits#MAX_QUERY_TEXT_CHARS}, and, when it mentions a password anywhere
 * ({@code ALTER ROLE ... PASSWORD '...'}, {@code dblink('... password=...')}), with the contents
 * of every string literal replaced by {@code ***}.
 */
final class QueryText {
  /** Enough UTF-8 bytes for the longest reported text: at most 4 bytes a character. */
  private static final int MAX_DECODED_BYTES = 4 * PostgresLimits.MAX_QUERY_TEXT_CHARS;

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
    return text.toLowerCase(Locale.ROOT).contains("password") ? withoutLiterals(text) : text;
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

  /** A short form for a summary line: whitespace runs as one space, at most {@code max} characters. */
  static String brief(String text, int max) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
  }
}
