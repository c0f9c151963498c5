package io.sockscope.protocols.redis;

import com.google.common.collect.ImmutableSet;
import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.protocols.redis.RespValue.Element;
import org.jspecify.annotations.Nullable;

/**
 * Builds the exchanges a Redis session emits, with the attributes listed in {@link RedisParser}.
 * Stateless.
 */
final class RedisExchanges {

  static final String PROTOCOL = "redis";

  private static final ImmutableSet<String> PUB_SUB_KINDS = ImmutableSet.of(
      "message", "pmessage", "smessage", "subscribe", "psubscribe", "ssubscribe", "unsubscribe",
      "punsubscribe", "sunsubscribe");

  private static final int SUMMARY_VALUE_CHARS = 32;
  private static final int ERROR_CODE_CHARS = 32;

  private RedisExchanges() {}

  /** A command and the reply that answers it. */
  static Exchange reply(Connection connection, PendingCommand command, RespValue reply, @Nullable String namespace) {
    Exchange.Builder exchange = commandExchange(connection, command, namespace, reply.endNanos())
        .attribute("redis.response.type", reply.type().reportedName())
        .attribute("redis.response.bytes", reply.wireBytes());
    if (reply.length() >= 0) {
      exchange.attribute("redis.response.length", reply.length());
    }
    String errorCode = errorCode(reply);
    if (errorCode != null) {
      exchange.attribute("db.response.status_code", errorCode).attribute("error.type", errorCode);
    }
    // Made only when asked for: the command and the complete reply do not change any more.
    Command asked = command.command();
    return exchange.summary(() -> asked.summaryHead() + " -> " + (errorCode != null ? errorCode : describe(reply)))
        .build();
  }

  /** A subscription command and its confirmations, one per channel. */
  static Exchange subscription(Connection connection, PendingCommand command, @Nullable String namespace) {
    Exchange.Builder exchange = commandExchange(connection, command, namespace, command.lastConfirmationEndNanos())
        .attribute("redis.response.type", command.confirmationType().reportedName())
        .attribute("redis.response.bytes", command.confirmationBytes())
        .attribute("redis.response.length", (long) command.confirmations());
    String outcome = command.confirmations() + (command.confirmations() == 1 ? " confirmation" : " confirmations");
    if (command.subscriptionCount() >= 0) {
      exchange.attribute("redis.subscriptions", command.subscriptionCount());
      outcome += ", " + command.subscriptionCount() + " subscribed";
    }
    return exchange.summary(command.command().summaryHead() + " -> " + outcome).build();
  }

  /** A message the server pushed with no command: a pub/sub message, an invalidation, ... */
  static Exchange push(Connection connection, RespValue push) {
    String kind = push.elementText(0);
    Exchange.Builder exchange = Exchange.builder(PROTOCOL, connection)
        .startNanos(push.startNanos())
        .endNanos(push.endNanos())
        .connectionAttributes()
        .attribute("db.system.name", PROTOCOL)
        .attribute("redis.response.type", push.type().reportedName())
        .attribute("redis.response.length", push.length())
        .attribute("redis.response.bytes", push.wireBytes());
    StringBuilder summary = new StringBuilder("push");
    if (kind != null) {
      exchange.attribute("redis.push.kind", kind);
      summary.append(' ').append(kind);
      if (PUB_SUB_KINDS.contains(kind)) {
        describePubSub(push, kind, exchange, summary);
      }
    }
    return exchange.summary(summary.toString()).build();
  }

  /**
   * Adds a pub/sub push's pattern ({@code pmessage}), channel and payload size (messages): {@code
   * [message, channel, payload]}, {@code [pmessage, pattern, channel, payload]}, {@code [subscribe,
   * channel, count]}, ...
   */
  private static void describePubSub(RespValue push, String kind, Exchange.Builder exchange, StringBuilder summary) {
    boolean patterned = kind.equals("pmessage");
    int channelIndex = patterned ? 2 : 1;
    if (patterned && push.elementText(1) != null) {
      String pattern = push.elements().get(1).display();
      exchange.attribute("redis.push.pattern", pattern);
      summary.append(' ').append(pattern);
    }
    if (push.elementText(channelIndex) != null) {
      String channel = push.elements().get(channelIndex).display();
      exchange.attribute("redis.push.channel", channel);
      summary.append(' ').append(channel);
    }
    int payloadIndex = channelIndex + 1;
    if (kind.endsWith("message") && payloadIndex < push.elements().size()) {
      exchange.attribute("redis.push.payload.size", push.elements().get(payloadIndex).size());
    }
  }

  private static Exchange.Builder commandExchange(
      Connection connection, PendingCommand pending, @Nullable String namespace, long endNanos) {
    Command command = pending.command();
    Exchange.Builder exchange = Exchange.builder(PROTOCOL, connection)
        .startNanos(pending.startNanos())
        .endNanos(Math.max(pending.startNanos(), endNanos))
        .connectionAttributes()
        .attribute("db.system.name", PROTOCOL)
        .attribute("db.operation.name", command.operationName())
        .attribute("db.query.text", command.queryText())
        .attribute("redis.request.bytes", pending.requestBytes());
    if (namespace != null) {
      exchange.attribute("db.namespace", namespace);
    }
    return exchange;
  }

  /** The reply as a person reads it after the arrow: {@code OK}, {@code 3}, {@code bulk(5)}, ... */
  static String describe(RespValue reply) {
    if (reply.isNull()) {
      return "null";
    }
    RespType type = reply.type();
    Element scalar = reply.scalar();
    switch (type) {
      case SIMPLE_STRING:
      case INTEGER:
      case DOUBLE:
      case BIG_NUMBER:
        return cut(scalar == null ? "" : scalar.display(), SUMMARY_VALUE_CHARS);
      case BOOLEAN:
        return scalar != null && "t".equals(scalar.text()) ? "true" : "false";
      case BULK_STRING:
        return "bulk(" + reply.length() + ")";
      case VERBATIM_STRING:
        return "verbatim(" + reply.length() + ")";
      default:
        return type.reportedName() + "(" + reply.length() + ")";
    }
  }

  /** The first word of an error reply ({@code ERR}, {@code WRONGTYPE}, ...); null for other replies. */
  static @Nullable String errorCode(RespValue reply) {
    Element scalar = reply.scalar();
    if (!reply.type().isError() || scalar == null || scalar.text() == null) {
      return null;
    }
    String text = scalar.text();
    int space = text.indexOf(' ');
    String code = space < 0 ? text : text.substring(0, space);
    return code.isEmpty() ? "ERR" : cut(code, ERROR_CODE_CHARS);
  }

  private static String cut(String text, int chars) {
    return text.length() <= chars ? text : text.substring(0, chars) + "...";
  }
}
