package io.sockscope.protocols.redis;

import io.sockscope.protocols.redis.RespValue.Element;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the arguments that carry secrets with {@code ?} before anything is reported:
 *
 * <ul>
 *   <li>every argument of {@code AUTH};
 *   <li>the user name and password after the {@code AUTH} option of {@code HELLO}, and after
 *       {@code AUTH2} of {@code MIGRATE}; the password after {@code AUTH} of {@code MIGRATE};
 *   <li>every rule after the user name of {@code ACL SETUSER} (rules hold passwords and hashes);
 *   <li>the value after a parameter whose name holds {@code pass} or {@code auth} in {@code CONFIG
 *       SET} and {@code SENTINEL} commands ({@code requirepass}, {@code masterauth}, ...).
 * </ul>
 *
 * Stateless.
 */
final class Redaction {

  static final String REDACTED = "?";

  private Redaction() {}

  /**
   * The elements of a command (its name first) as they may be reported: each as {@link
   * Element#display()}, or {@link #REDACTED} when it holds a secret. The elements are compared
   * without changing their case, so a command that holds no secret costs no copy of its words.
   *
   * @param name the command's name in upper case
   */
  static List<String> apply(String name, List<Element> elements) {
    List<String> shown = new ArrayList<>(elements.size());
    int hideNext = 0;
    for (int i = 0; i < elements.size(); i++) {
      Element element = elements.get(i);
      boolean hide = hideNext > 0 || (i > 0 && hidesAll(name, elements, i));
      hideNext = Math.max(0, hideNext - 1);
      shown.add(hide ? REDACTED : element.display());
      if (i > 0 && !hide) {
        hideNext = secretsAfter(name, element);
      }
    }
    return shown;
  }

  /** Whether the argument at {@code index} belongs to those hidden whatever they are. */
  private static boolean hidesAll(String name, List<Element> elements, int index) {
    if (name.equals("AUTH")) {
      return true;
    }
    return name.equals("ACL") && index >= 3 && is(elements.get(1), "SETUSER");
  }

  /** How many of the arguments after {@code option}, an argument of {@code name}, hold secrets. */
  private static int secretsAfter(String name, Element option) {
    switch (name) {
      case "HELLO":
        return is(option, "AUTH") ? 2 : 0;
      case "MIGRATE":
        return is(option, "AUTH2") ? 2 : is(option, "AUTH") ? 1 : 0;
      case "CONFIG":
      case "SENTINEL":
        return isSecretParameter(option) ? 1 : 0;
      default:
        return 0;
    }
  }

  /** Whether the element is {@code word}, in any case. */
  private static boolean is(Element element, String word) {
    String text = element.text();
    return text != null && text.equalsIgnoreCase(word);
  }

  /** Whether a parameter's name holds {@code pass} or {@code auth}, in any case. */
  private static boolean isSecretParameter(Element parameter) {
    String text = parameter.text();
    return text != null && (contains(text, "pass") || contains(text, "auth"));
  }

  private static boolean contains(String text, String lowerCaseWord) {
    for (int i = 0; i + lowerCaseWord.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, lowerCaseWord, 0, lowerCaseWord.length())) {
        return true;
      }
    }
    return false;
  }
}
