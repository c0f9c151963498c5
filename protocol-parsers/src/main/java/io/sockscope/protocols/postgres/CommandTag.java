package io.sockscope.protocols.postgres;

import org.jspecify.annotations.Nullable;

/**
 * A CommandComplete tag split into the command and its row count: {@code SELECT 5} is SELECT and
 * 5, {@code INSERT 0 1} is INSERT and 1 (the 0 is a legacy OID), {@code CREATE TABLE} has no count.
 *
 * @param command the tag without its trailing numbers, such as {@code SELECT} or {@code CREATE TABLE}
 * @param rows the last number of the tag, or null when it has none
 */
record CommandTag(String command, @Nullable Long rows) {

  static CommandTag parse(String tag) {
    String text = tag.strip();
    int commandEnd = text.length();
    Long rows = null;
    // Numbers come off the end one word at a time, as long as a word is left before them.
    for (int space = text.lastIndexOf(' ', commandEnd - 1); space >= 0; space = text.lastIndexOf(' ', commandEnd - 1)) {
      if (!isNumber(text, space + 1, commandEnd)) {
        break;
      }
      if (rows == null) {
        rows = Long.parseLong(text, space + 1, commandEnd, 10);
      }
      commandEnd = space;
    }
    return new CommandTag(text.substring(0, commandEnd), rows);
  }

  /** Whether the count is of rows sent back to the client (rather than rows changed). */
  boolean countsReturnedRows() {
    return command.equals("SELECT") || command.equals("FETCH");
  }

  /** Whether {@code text} from {@code from} to {@code to} is a number of 1 to 18 digits. */
  private static boolean isNumber(String text, int from, int to) {
    if (to - from < 1 || to - from > 18) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
