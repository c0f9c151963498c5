package io.sockscope.protocols.redis;

import com.google.common.collect.ImmutableSet;
import io.sockscope.protocols.redis.RespValue.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

  private static final ImmutableSet<String> PARAMETER_COMMANDS = ImmutableSet.of("CONFIG", "SENTINEL");

  private Redaction() {}

  /**
   * The elements of a command (its name first) as they may be reported: each as {@link
   * Element#display()}, or {@link #REDACTED} when it holds a secret.
   */
  static List<String> apply(String name, List<Element> elements) {
    List<String> shown = new ArrayList<>(elements.size());
    int hideNext = 0;
    for (int i = 0; i < elements.size(); i++) {
      Element element = elements.get(i);
      String upper = element.upperCase();
      boolean hide = hideNext > 0 || (i > 0 && hidesAll(name, elements, i));
      hideNext = Math.max(0, hideNext - 1);
      shown.add(hide ? REDACTED : element.display());
      if (i == 0 || hide) {
        continue;
      }
      if (upper.equals("AUTH") && name.equals("HELLO") || upper.equals("AUTH2") && name.equals("MIGRATE")) {
        hideNext = 2;
      } else if (upper.equals("AUTH") && name.equals("MIGRATE")) {
        hideNext = 1;
      } else if (PARAMETER_COMMANDS.contains(name) && isSecretParameter(upper)) {
        hideNext = 1;
      }
    }
    return shown;
  }

  /** Whether the argument at {@code index} belongs to those hidden whatever they are. */
  private static boolean hidesAll(String name, List<Element> elements, int index) {
    if (name.equals("AUTH")) {
      return true;
    }
    return name.equals("ACL") && index >= 3 && elements.get(1).upperCase().equals("SETUSER");
  }

  private static boolean isSecretParameter(String upperCaseName) {
    String lower = upperCaseName.toLowerCase(Locale.ROOT);
    return lower.contains("pass") || lower.contains("auth");
  }
}
