package io.sockscope.protocols.redis;

import com.google.common.collect.ImmutableSet;
import io.sockscope.protocols.redis.RespValue.Element;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is reported of one command: its name, the operation name ({@code GET}, or two words for
 * a container command such as {@code CONFIG GET}), and its arguments as text, with secrets
 * replaced by {@code ?} (see {@link Redaction}). Immutable.
 */
final class Command {

  /** Commands whose first argument is a subcommand, reported as part of the operation name. */
  private static final ImmutableSet<String> CONTAINERS =
      ImmutableSet.of(
          "ACL", "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "DEBUG", "FUNCTION", "LATENCY", "MEMORY",
          "MODULE", "OBJECT", "PUBSUB", "SCRIPT", "SLOWLOG", "XGROUP", "XINFO");

  private static final int SUMMARY_ARGUMENT_CHARS = 64;

  private final String name;
  private final String operationName;
  /** The name as sent, then the arguments kept; secrets replaced. */
  private final List<String> words;
  private final long argumentCount;
  private final boolean redacted;

  private Command(String name, String operationName, List<String> words, long argumentCount, boolean redacted) {
    this.name = name;
    this.operationName = operationName;
    this.words = words;
    this.argumentCount = argumentCount;
    this.redacted = redacted;
  }

  /** The command a decoded array of bulk strings (or inline command) carries. */
  static Command of(RespValue value) {
    List<Element> elements = value.elements();
    String name = elements.isEmpty() ? "" : elements.get(0).upperCase();
    String operation = name;
    if (CONTAINERS.contains(name) && elements.size() > 1 && isWord(elements.get(1))) {
      operation = name + " " + elements.get(1).upperCase();
    }
    List<String> shown = Redaction.apply(name, elements);
    boolean redacted = false;
    for (int i = 0; i < shown.size(); i++) {
      // Only a word replaced by the placeholder can differ from the element as sent.
      redacted |= shown.get(i) == Redaction.REDACTED && !Redaction.REDACTED.equals(elements.get(i).display());
    }
    return new Command(name, operation, Collections.unmodifiableList(shown), Math.max(0, value.elementCount() - 1),
        redacted);
  }

  /** The command name in upper case, as the server matches it. */
  String name() {
    return name;
  }

  /** {@code db.operation.name}: the name, and the subcommand of a container command. */
  String operationName() {
    return operationName;
  }

  /** How many arguments there are after the name, kept or not. */
  long argumentCount() {
    return argumentCount;
  }

  /** Whether any argument was replaced because it holds a secret. */
  boolean isRedacted() {
    return redacted;
  }

  /**
   * {@code db.query.text}: the name and arguments as sent, space-separated, secrets replaced, cut to
   * {@link RedisLimits#MAX_QUERY_TEXT_CHARS} (a cut text ends in "...").
   */
  String queryText() {
    boolean moreThanKept = argumentCount > keptArguments();
    int length = moreThanKept ? 4 : 0;
    for (String word : words) {
      length += 1 + word.length();
    }
    if (!moreThanKept && length - 1 <= RedisLimits.MAX_QUERY_TEXT_CHARS) {
      return String.join(" ", words); // one copy, where a builder would make two
    }
    StringBuilder text = new StringBuilder(Math.min(length, RedisLimits.MAX_QUERY_TEXT_CHARS + 1));
    for (int i = 0; i < words.size() && text.length() <= RedisLimits.MAX_QUERY_TEXT_CHARS; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(words.get(i));
    }
    if (moreThanKept) {
      text.append(" ...");
    }
    if (text.length() > RedisLimits.MAX_QUERY_TEXT_CHARS) {
      text.setLength(RedisLimits.MAX_QUERY_TEXT_CHARS - 3);
      text.append("...");
    }
    return text.toString();
  }

  /** The start of an exchange's summary: the operation name and the argument after it. */
  String summaryHead() {
    int skip = operationName.equals(name) ? 0 : 1;
    if (keptArguments() <= skip) {
      return operationName;
    }
    String argument = words.get(1 + skip);
    if (argument.length() > SUMMARY_ARGUMENT_CHARS) {
      argument = argument.substring(0, SUMMARY_ARGUMENT_CHARS) + "...";
    }
    return operationName + " " + argument;
  }

  /** The argument at {@code index} after the name, or null when there is none kept. */
  @Nullable String argument(int index) {
    return index < keptArguments() ? words.get(1 + index) : null;
  }

  private int keptArguments() {
    return Math.max(0, words.size() - 1);
  }

  private static boolean isWord(Element element) {
    String text = element.text();
    if (text == null || text.isEmpty() || element.truncated()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return queryText();
  }
}
