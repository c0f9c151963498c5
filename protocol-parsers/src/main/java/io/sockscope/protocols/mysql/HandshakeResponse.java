package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * The client's answer to the greeting, HandshakeResponse41, or the short SSL request that precedes
 * it when the client asks for TLS. The authentication response is skipped: never kept, never
 * reported. Immutable.
 *
 * @param capabilities the client's capabilities, MariaDB's extended ones in bits 32 to 63
 * @param user the user name, or null in an SSL request or when cut
 * @param database the initial database, or null when none is asked for
 * @param authPlugin the plugin the authentication response was made by, or null
 */
record HandshakeResponse(
    long capabilities, boolean sslRequest, @Nullable String user, @Nullable String database, @Nullable String authPlugin) {

  private static final int FIXED_PART_BYTES = 32;

  /** Parses a handshake response or SSL request; null when the message is not one. */
  static @Nullable HandshakeResponse parse(Message message) {
    Payload payload = Payload.of(message);
    long capabilities = payload.fixed(4);
    if (capabilities == Payload.MISSING
        || !Capabilities.has(capabilities, Capabilities.CLIENT_PROTOCOL_41)
        || !payload.skip(4 + 1 + 19)) {
      return null;
    }
    long extended = payload.fixed(4);
    if (extended == Payload.MISSING) {
      return null;
    }
    if (!Capabilities.has(capabilities, Capabilities.CLIENT_MYSQL)) {
      capabilities |= extended << 32;
    }
    if (message.length() == FIXED_PART_BYTES) {
      return Capabilities.has(capabilities, Capabilities.CLIENT_SSL)
          ? new HandshakeResponse(capabilities, true, null, null, null)
          : null;
    }
    String user = payload.nulTerminated();
    if (user == null) {
      return new HandshakeResponse(capabilities, false, null, null, null);
    }
    boolean skipped;
    if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
      skipped = payload.skip(payload.lengthEncoded());
    } else if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
      skipped = payload.skip(payload.fixed(1));
    } else {
      skipped = payload.nulTerminated() != null;
    }
    String database = null;
    String plugin = null;
    if (skipped && Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_WITH_DB)) {
      database = payload.nulTerminated();
    }
    if (skipped && Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH)) {
      plugin = payload.nulTerminated();
    }
    return new HandshakeResponse(
        capabilities, false, user, database == null || database.isEmpty() ? null : database, plugin);
  }
}
