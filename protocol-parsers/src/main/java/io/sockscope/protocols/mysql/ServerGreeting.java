package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * The server's first message, HandshakeV10: its version, connection id and capabilities (with
 * MariaDB's extended capabilities in bits 32 to 63). Immutable.
 *
 * @param authPlugin the default authentication plugin, or null when not announced
 */
record ServerGreeting(String version, long connectionId, long capabilities, @Nullable String authPlugin) {

  private static final String MARIADB = "mariadb";

  /** Parses a greeting; null when the message is not one. */
  static @Nullable ServerGreeting parse(Message message) {
    Payload payload = Payload.of(message);
    if (payload.fixed(1) != 0x0a) {
      return null;
    }
    String version = payload.nulTerminated();
    long connectionId = payload.fixed(4);
    if (version == null || connectionId == Payload.MISSING || !payload.skip(8 + 1)) {
      return null;
    }
    long capabilities = payload.fixed(2);
    if (capabilities == Payload.MISSING) {
      return null;
    }
    String plugin = null;
    // character set (1), status (2), upper capabilities (2), auth data length (1), reserved (6)
    if (payload.skip(1 + 2)) {
      long upper = payload.fixed(2);
      long authDataLength = payload.fixed(1);
      if (upper != Payload.MISSING && authDataLength != Payload.MISSING && payload.skip(6)) {
        capabilities |= upper << 16;
        long extended = payload.fixed(4);
        if (!Capabilities.has(capabilities, Capabilities.CLIENT_MYSQL) && extended != Payload.MISSING) {
          capabilities |= extended << 32;
        }
        if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH)
            && payload.skip(Math.max(13, authDataLength - 8))) {
          plugin = payload.nulTerminated();
        }
      }
    }
    return new ServerGreeting(version, connectionId, capabilities, plugin);
  }

  /** Whether the version names MariaDB, as in {@code 5.5.5-10.11.6-MariaDB-0+deb12u1}. */
  boolean isMariaDb() {
    // Asked for every exchange: compare in place rather than lower-case a copy of the version.
    for (int i = 0; i + MARIADB.length() <= version.length(); i++) {
      if (version.regionMatches(true, i, MARIADB, 0, MARIADB.length())) {
        return true;
      }
    }
    return false;
  }
}
