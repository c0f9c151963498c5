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
    String[] words = tag.strip().split(" ");
    int commandWords = words.length;
    while (commandWords > 1 && isNumber(words[commandWords - 1])) {
      commandWords--;
    }
    Long rows = commandWords < words.length ? Long.parseLong(words[words.length - 1]) : null;
    return new CommandTag(String.join(" ", java.util.Arrays.copyOf(words, commandWords)), rows);
  }

  /** Whether the count is of rows sent back to the client (rather than rows changed). */
  boolean countsReturnedRows() {
    return command.equals("SELECT") || command.equals("FETCH");
  }

  private static boolean isNumber(String word) {
    if (word.isEmpty() || word.length() > 18) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (word.charAt(i) < '0' || word.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
