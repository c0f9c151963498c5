package io.sockscope.protocols.memcached;

import java.util.HexFormat;
import java.util.Map;

/**
 * The response statuses of memcached's binary protocol: each one's name, and whether it is an
 * error ({@code error.type}) or an ordinary outcome (a miss, a key that exists, an item not
 * stored). Stateless.
 */
final class BinaryStatus {

  static final int NO_ERROR = 0x0000;
  static final int KEY_NOT_FOUND = 0x0001;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(NO_ERROR, "OK"),
          Map.entry(KEY_NOT_FOUND, "KEY_NOT_FOUND"),
          Map.entry(0x0002, "KEY_EXISTS"),
          Map.entry(0x0003, "VALUE_TOO_LARGE"),
          Map.entry(0x0004, "INVALID_ARGUMENTS"),
          Map.entry(0x0005, "ITEM_NOT_STORED"),
          Map.entry(0x0006, "NON_NUMERIC_VALUE"),
          Map.entry(0x0007, "WRONG_VBUCKET"),
          Map.entry(0x0008, "AUTH_ERROR"),
          Map.entry(0x0009, "AUTH_CONTINUE"),
          Map.entry(0x0020, "AUTH_ERROR"),
          Map.entry(0x0021, "AUTH_CONTINUE"),
          Map.entry(0x0022, "OUT_OF_RANGE"),
          Map.entry(0x0081, "UNKNOWN_COMMAND"),
          Map.entry(0x0082, "OUT_OF_MEMORY"),
          Map.entry(0x0083, "NOT_SUPPORTED"),
          Map.entry(0x0084, "INTERNAL_ERROR"),
          Map.entry(0x0085, "BUSY"),
          Map.entry(0x0086, "TEMPORARY_FAILURE"));

  private static final HexFormat HEX = HexFormat.of();

  private BinaryStatus() {}

  static boolean isKnown(int status) {
    return NAMES.containsKey(status);
  }

  /** The status's name, or {@code STATUS_0x00ab} for one this parser does not know. */
  static String name(int status) {
    String name = NAMES.get(status);
    return name != null ? name : "STATUS_" + code(status);
  }

  /** The status as {@code db.response.status_code} gives it: {@code 0x0001}. */
  static String code(int status) {
    // Formatted by hand: String.format parses its pattern with a regex on every call.
    return "0x" + HEX.toHexDigits((short) status);
  }

  /** Whether the status is a failure rather than an ordinary outcome of the operation. */
  static boolean isError(int status) {
    return switch (status) {
      case NO_ERROR, KEY_NOT_FOUND, 0x0002, 0x0005, 0x0009, 0x0021 -> false;
      default -> true;
    };
  }
}
