package io.sockscope.protocols.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One command line of the text protocol, such as {@code set k 0 0 5 noreply} or {@code get a b c}:
 * what it is, how many keys it names, whether a data block follows and whether a reply comes.
 *
 * @param operation the command in upper case ({@code SET}, {@code GET}, {@code MG}), or {@code
 *     UNKNOWN} for a word that is not a command name
 * @param queryText the command line without its data, bounded
 * @param keys how many keys the command names
 * @param firstKey the first key, for the summary; empty when none
 * @param dataBytes the length of the data block that follows, or -1 when none does
 * @param metaOpaque a meta command's opaque flag ({@code O123} gives {@code 123}), else empty
 */
record TextCommand(
    String operation,
    CommandKind kind,
    String queryText,
    int keys,
    String firstKey,
    long dataBytes,
    ReplyExpectation reply,
    String metaOpaque) {

  /** The command words memcached 1.6 knows, all lower case: memcached is case-sensitive. */
  static final Set<String> WORDS =
      Set.of(
          "set", "add", "replace", "append", "prepend", "cas", "get", "gets", "gat", "gats",
          "delete", "incr", "decr", "touch", "stats", "version", "flush_all", "verbosity", "quit",
          "mg", "ms", "md", "ma", "mn", "me", "shutdown", "cache_memlimit", "slabs", "lru_crawler",
          "lru", "watch", "misbehave");

  /** Commands that take no key, so {@code word\r\n} alone is a whole command. */
  static final Set<String> WORDS_WITHOUT_KEY =
      Set.of(
          "stats", "version", "flush_all", "verbosity", "quit", "mn", "shutdown", "cache_memlimit",
          "slabs", "lru_crawler", "lru", "watch", "misbehave");

  private static final Set<String> STORAGE = Set.of("set", "add", "replace", "append", "prepend");

  TextCommand(String operation, CommandKind kind, String queryText, int keys, String firstKey,
      long dataBytes, ReplyExpectation reply) {
    this(operation, kind, queryText, keys, firstKey, dataBytes, reply, "");
  }

  /**
   * Parses a command line (without its line ending); null when it holds control characters, so it
   * cannot be a command. A line that is not a known command still parses, as {@link
   * CommandKind#OTHER}: memcached answers it with {@code ERROR}, and the pairing stays in step.
   */
  static @Nullable TextCommand parse(String line) {
    if (!LineScanner.isPrintable(line)) {
      return null;
    }
    List<String> tokens = tokens(line);
    String word = tokens.isEmpty() ? "" : tokens.get(0);
    String query = QueryText.bounded(line);
    boolean noreply = tokens.size() > 1 && tokens.get(tokens.size() - 1).equals("noreply");
    ReplyExpectation replyUnlessNoreply =
        noreply ? ReplyExpectation.NEVER : ReplyExpectation.ALWAYS;
    String key = tokens.size() > 1 ? tokens.get(1) : "";
    if (STORAGE.contains(word) || word.equals("cas")) {
      int lengthAt = 4;
      long length = tokens.size() > lengthAt ? length(tokens.get(lengthAt)) : -1;
      if (length >= 0 && tokens.size() >= (word.equals("cas") ? 6 : 5)) {
        return new TextCommand(
            operation(word), CommandKind.STORAGE, query, 1, key, length, replyUnlessNoreply);
      }
      // memcached answers a malformed storage line with CLIENT_ERROR, and no data is known.
      return new TextCommand(operation(word), CommandKind.OTHER, query, 1, key, -1,
          ReplyExpectation.ALWAYS);
    }
    switch (word) {
      case "get":
      case "gets":
        return retrieval(word, query, tokens, 1);
      case "gat":
      case "gats":
        return retrieval(word, query, tokens, 2);
      case "delete":
      case "incr":
      case "decr":
      case "touch":
        return new TextCommand(
            operation(word), CommandKind.OTHER, query, 1, key, -1, replyUnlessNoreply);
      case "flush_all":
      case "verbosity":
        return new TextCommand(
            operation(word), CommandKind.OTHER, query, 0, "", -1, replyUnlessNoreply);
      case "stats":
        return new TextCommand(
            "STATS", CommandKind.STATS, query, 0, "", -1, ReplyExpectation.ALWAYS);
      case "quit":
        return new TextCommand("QUIT", CommandKind.OTHER, query, 0, "", -1, ReplyExpectation.NEVER);
      case "mg":
      case "ms":
      case "md":
      case "ma":
      case "mn":
      case "me":
        return meta(word, query, tokens);
      default:
        return new TextCommand(
            operation(word), CommandKind.OTHER, query, 0, "", -1, ReplyExpectation.ALWAYS);
    }
  }

  private static TextCommand retrieval(String word, String query, List<String> tokens, int firstKey) {
    int keys = Math.max(0, tokens.size() - firstKey);
    String key = keys > 0 ? tokens.get(firstKey) : "";
    return new TextCommand(
        operation(word), CommandKind.RETRIEVAL, query, keys, key, -1, ReplyExpectation.ALWAYS);
  }

  /** {@code ms <key> <datalen> <flags>*}; the {@code q} flag makes the reply conditional. */
  private static TextCommand meta(String word, String query, List<String> tokens) {
    boolean quiet = tokens.subList(Math.min(tokens.size(), 2), tokens.size()).contains("q");
    ReplyExpectation reply = quiet ? ReplyExpectation.SOMETIMES : ReplyExpectation.ALWAYS;
    if (word.equals("mn")) {
      return new TextCommand("MN", CommandKind.META, query, 0, "", -1, ReplyExpectation.ALWAYS);
    }
    String key = tokens.size() > 1 ? tokens.get(1) : "";
    long dataBytes = -1;
    if (word.equals("ms")) {
      dataBytes = tokens.size() > 2 ? length(tokens.get(2)) : -1;
      if (dataBytes < 0) {
        // memcached answers CLIENT_ERROR and reads no data.
        return new TextCommand("MS", CommandKind.OTHER, query, 1, key, -1, ReplyExpectation.ALWAYS);
      }
    }
    return new TextCommand(operation(word), CommandKind.META, query, key.isEmpty() ? 0 : 1, key,
        dataBytes, reply, flag(tokens, 'O'));
  }

  /** The value of a meta flag ({@code Oabc} gives {@code abc} for 'O'), or empty when absent. */
  static String flag(List<String> tokens, char flag) {
    for (int i = 1; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.length() > 1 && token.charAt(0) == flag) {
        return token.substring(1);
      }
    }
    return "";
  }

  /** A data block length: decimal digits, at most {@link MemcachedLimits#MAX_VALUE_BYTES}; else -1. */
  static long length(String token) {
    if (token.isEmpty() || token.length() > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= MemcachedLimits.MAX_VALUE_BYTES ? value : -1;
  }

  /** Space-separated tokens; runs of spaces separate like one, as memcached's tokenizer does. */
  static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= line.length(); i++) {
      boolean space = i == line.length() || line.charAt(i) == ' ';
      if (space && start >= 0) {
        tokens.add(line.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
    return tokens;
  }

  /** The command in upper case, or {@code UNKNOWN} for a word memcached does not know. */
  private static String operation(String word) {
    return WORDS.contains(word) ? word.toUpperCase(Locale.ROOT) : "UNKNOWN";
  }
}
