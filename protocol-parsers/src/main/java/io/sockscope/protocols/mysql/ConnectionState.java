package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * What one connection's session has learned that outlives a command: the server and its
 * capabilities, the client's, whether result set metadata ends with an EOF packet, the default
 * schema, the prepared statements. Confined to the session's thread.
 */
final class ConnectionState {

  private static final long UNKNOWN = -1;

  final PreparedStatements statements = new PreparedStatements();
  private @Nullable ServerGreeting greeting;
  private long clientCapabilities = UNKNOWN;
  private @Nullable Boolean eofAfterMetadata;
  private @Nullable String namespace;

  void greeted(ServerGreeting greeting) {
    this.greeting = greeting;
  }

  /** The client's handshake response: its capabilities settle whether EOF packets are sent. */
  void clientCapabilities(long capabilities) {
    clientCapabilities = capabilities;
    long both = greeting == null ? capabilities : capabilities & greeting.capabilities();
    eofAfterMetadata = !Capabilities.has(both, Capabilities.CLIENT_DEPRECATE_EOF);
  }

  boolean clientHas(long capability) {
    return clientCapabilities != UNKNOWN && Capabilities.has(clientCapabilities, capability);
  }

  /** {@code "mariadb"} when the greeting said so, else {@code "mysql"}. */
  String dbSystem() {
    return greeting != null && greeting.isMariaDb() ? "mariadb" : "mysql";
  }

  @Nullable ServerGreeting greeting() {
    return greeting;
  }

  /**
   * Whether an EOF packet follows column and parameter definitions (no CLIENT_DEPRECATE_EOF); null
   * until the handshake or a result set tells.
   */
  @Nullable Boolean eofAfterMetadata() {
    return eofAfterMetadata;
  }

  /** A result set showed whether an EOF packet follows its column definitions. */
  void sawMetadataEnd(boolean withEof) {
    if (eofAfterMetadata == null) {
      eofAfterMetadata = withEof;
    }
  }

  @Nullable String namespace() {
    return namespace;
  }

  void namespace(@Nullable String schema) {
    if (schema != null && !schema.isEmpty()) {
      namespace = schema;
    }
  }
}
