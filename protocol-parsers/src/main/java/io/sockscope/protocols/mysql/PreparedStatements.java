package io.sockscope.protocols.mysql;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The texts of one connection's prepared statements by statement id, so each COM_STMT_EXECUTE can
 * carry its statement's text. At most {@link MySqlLimits#MAX_PREPARED_STATEMENTS}, the least
 * recently used forgotten first. Confined to the session's thread.
 */
final class PreparedStatements {

  /** The id a MariaDB client gives to mean "the statement prepared last" (-1 as 4 bytes). */
  static final long LAST_PREPARED = 0xffffffffL;

  private final Map<Long, String> texts =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
          return size() > MySqlLimits.MAX_PREPARED_STATEMENTS;
        }
      };
  private @Nullable String lastPrepared;

  /** A statement's text was sent to be prepared; its id comes with the response. */
  void preparing(String text) {
    lastPrepared = text;
  }

  void prepared(long id, String text) {
    texts.put(id, text);
  }

  /** The text of statement {@code id}, or of the last one sent to be prepared for {@link #LAST_PREPARED}. */
  @Nullable String text(long id) {
    return id == LAST_PREPARED ? lastPrepared : texts.get(id);
  }

  void closed(long id) {
    texts.remove(id);
  }
}
