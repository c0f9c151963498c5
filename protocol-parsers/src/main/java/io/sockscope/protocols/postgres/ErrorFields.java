package io.sockscope.protocols.postgres;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * What an ErrorResponse says that is reported: its SQLSTATE, its severity (the field that is never
 * localized), and its message, cut to {@link PostgresLimits#MAX_ERROR_MESSAGE_CHARS}.
 *
 * @param sqlState the five-character SQLSTATE ({@code 42P01}), or null when missing
 * @param severity {@code ERROR}, {@code FATAL} or {@code PANIC}, or null when missing
 * @param message the primary message, or null when missing
 */
record ErrorFields(@Nullable String sqlState, @Nullable String severity, @Nullable String message) {

  private static final int MAX_FIELD_BYTES = 4 * PostgresLimits.MAX_ERROR_MESSAGE_CHARS;

  /** The fields of an ErrorResponse body: a code byte and a NUL-terminated string each, then a NUL. */
  static ErrorFields parse(ByteBuffer body) {
    String sqlState = null;
    String severity = null;
    String localizedSeverity = null;
    String message = null;
    int at = 0;
    int limit = body.limit();
    while (at < limit && body.get(at) != 0) {
      byte code = body.get(at);
      int end = Wire.nul(body, at + 1, limit);
      int valueEnd = end < 0 ? limit : end;
      String value = Wire.utf8(body, at + 1, Math.min(valueEnd, at + 1 + MAX_FIELD_BYTES));
      switch (code) {
        case 'C' -> sqlState = value;
        case 'V' -> severity = value;
        case 'S' -> localizedSeverity = value;
        case 'M' -> message = value.length() > PostgresLimits.MAX_ERROR_MESSAGE_CHARS
            ? value.substring(0, PostgresLimits.MAX_ERROR_MESSAGE_CHARS) : value;
        default -> { }
      }
      if (end < 0) {
        break;
      }
      at = end + 1;
    }
    return new ErrorFields(sqlState, severity != null ? severity : localizedSeverity, message);
  }

  /** Whether the server ends the session after this error. */
  boolean endsSession() {
    return "FATAL".equals(severity) || "PANIC".equals(severity);
  }
}
