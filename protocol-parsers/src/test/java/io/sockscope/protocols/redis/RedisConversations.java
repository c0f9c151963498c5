package io.sockscope.protocols.redis;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.TestConnections;
import java.util.List;

/**
 * The conversations recorded between redis-server 7.0 and its clients (redis-cli,
 * redis-benchmark, a raw RESP client), under {@code conversations/redis/}, and the sockets the
 * tests see them from.
 */
final class RedisConversations {

  static final List<String> ALL = List.of(
      "cli-basic", "cli-multi-exec", "cli-resp3", "benchmark-config-get", "benchmark-pipelined-get",
      "resp3-types", "cli-subscribe-resp2", "cli-subscribe-resp3", "pubsub-resp2", "pubsub-resp3", "auth");

  static final int SERVER_PORT = 6379;
  static final int CLIENT_PORT = 50123;

  private RedisConversations() {}

  static Conversation load(String name) {
    return Conversation.load("redis/" + name + ".txt");
  }

  /** The conversation as the server's accepted socket sees it: commands received. */
  static Capture atServer(String name) {
    return load(name).asStream(new RedisParser(), server());
  }

  /** The conversation as the client's socket sees it: commands sent. */
  static Capture atClient(String name) {
    return load(name).asStream(new RedisParser(), client());
  }

  static Capture at(String name, Role role) {
    return load(name).asStream(new RedisParser(), connection(role));
  }

  static Connection server() {
    return connection(Role.SERVER);
  }

  static Connection client() {
    return connection(Role.CLIENT);
  }

  static Connection connection(Role role) {
    return TestConnections.tcp(role, role == Role.SERVER ? "redis-server" : "redis-cli", SERVER_PORT, CLIENT_PORT);
  }
}
