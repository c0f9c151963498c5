package io.sockscope.protocols.memcached;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.TestConnections;

/** The recorded conversations with a real memcached, and the sockets to replay them on. */
final class Recordings {
  static final String SPYMEMCACHED_TEXT = "memcached/spymemcached-text.txt";
  static final String SPYMEMCACHED_BINARY = "memcached/spymemcached-binary.txt";
  static final String MEMCSTAT_TEXT = "memcached/memcstat-text.txt";
  static final String MEMCSTAT_BINARY = "memcached/memcstat-binary.txt";
  static final String MEMCSLAP_BINARY_MGET = "memcached/memcslap-binary-mget.txt";
  static final String META_ERRORS_NOREPLY = "memcached/meta-errors-noreply.txt";

  private Recordings() {}

  /** memcached's accepted socket on port 11211. */
  static Connection server() {
    return TestConnections.tcp(Role.SERVER, "memcached", 11211, 40000);
  }

  /** The client's connected socket, on a port that is not memcached's usual one. */
  static Connection client() {
    return TestConnections.tcp(Role.CLIENT, "java", 21211, 40000);
  }

  /** A socket first seen in a data call. */
  static Connection unknown() {
    return TestConnections.tcp(Role.UNKNOWN, "java", 21211, 40000);
  }

  static Capture replayed(String recording, Connection connection) {
    return Conversation.load(recording).asStream(new MemcachedParser(), connection);
  }
}
