package io.sockscope.protocols.postgres;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One connection's prepared statements (name to SQL text, from Parse) and portals (name to the
 * statement they were bound from, from Bind), so that an Execute, which names only a portal, is
 * reported with its SQL text. The unnamed statement and portal are kept apart; named ones are
 * bounded ({@link PostgresLimits#MAX_PREPARED_STATEMENTS}, {@link PostgresLimits#MAX_PORTALS}),
 * the least recently used forgotten first. Confined to the session's thread.
 */
final class PreparedStatements {

  /** A statement as an Execute reports it: its name ("" when unnamed) and text, null if unknown. */
  record Statement(String name, @Nullable String text) {}

  private static final Statement UNKNOWN_UNNAMED = new Statement("", null);

  private final Map<String, String> texts = bounded(PostgresLimits.MAX_PREPARED_STATEMENTS);
  private final Map<String, Statement> portals = bounded(PostgresLimits.MAX_PORTALS);
  private @Nullable String unnamedText;
  private Statement unnamedPortal = UNKNOWN_UNNAMED;

  /** Parse: {@code name} ("" for the unnamed statement) now means {@code text} (null when not decoded). */
  void parsed(String name, @Nullable String text) {
    if (name.isEmpty()) {
      unnamedText = text;
    } else if (name.length() <= PostgresLimits.MAX_NAME_CHARS && text != null) {
      texts.put(name, text);
    } else {
      texts.remove(name);
    }
  }

  /** Bind: {@code portal} ("" for the unnamed portal) now runs {@code statement}. */
  Statement bound(String portal, String statement) {
    Statement bound = new Statement(statement, statement.isEmpty() ? unnamedText : texts.get(statement));
    if (portal.isEmpty()) {
      unnamedPortal = bound;
    } else if (portal.length() <= PostgresLimits.MAX_NAME_CHARS) {
      portals.put(portal, bound);
    }
    return bound;
  }

  /** The statement that {@code portal} runs, its text null when it is not known. */
  Statement portal(String portal) {
    if (portal.isEmpty()) {
      return unnamedPortal;
    }
    Statement statement = portals.get(portal);
    return statement != null ? statement : UNKNOWN_UNNAMED;
  }

  /** Close of a statement: its name means nothing any more. */
  void closedStatement(String name) {
    if (name.isEmpty()) {
      unnamedText = null;
    } else {
      texts.remove(name);
    }
  }

  void closedPortal(String name) {
    if (name.isEmpty()) {
      unnamedPortal = UNKNOWN_UNNAMED;
    } else {
      portals.remove(name);
    }
  }

  private static <V> Map<String, V> bounded(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
