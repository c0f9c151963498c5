package io.sockscope.protocols.memcached;

import io.sockscope.Connection;
import io.sockscope.Exchange;

/**
 * A request that has been read, waiting for the reply that completes it into an {@link Exchange}.
 * Confined to the session's thread.
 *
 * <p>Attributes of its exchange, besides {@code db.system.name} ({@code memcached}), {@code
 * db.operation.name}, {@code db.query.text}, {@code db.response.status_code}, {@code error.type},
 * {@code db.response.returned_rows} and the connection's:
 *
 * <ul>
 *   <li>{@code memcached.protocol}: {@code text} or {@code binary};
 *   <li>{@code memcached.keys}: how many keys the request names;
 *   <li>{@code memcached.hits}: for retrievals, how many values came back;
 *   <li>{@code memcached.request.value.size}: for storage, the data block's length in bytes;
 *   <li>{@code memcached.response.value.size}: for retrievals, the returned values' bytes;
 *   <li>{@code memcached.noreply}: {@code true} when no reply came (text {@code noreply} and
 *       {@code quit}, binary quiet opcodes passed in silence).
 * </ul>
 */
final class PendingRequest {

  private static final int MAX_SUMMARY_KEY_CHARS = 64;

  private final String dialect;
  private final String operation;
  private final CommandKind kind;
  private final String queryText;
  private final int keys;
  private final String firstKey;
  private final long valueBytes;
  private final ReplyExpectation reply;
  private final long startNanos;
  private final int opcode;
  private final int opaque;
  private long requestEndNanos;
  private boolean requestComplete;
  private long rows;
  private String metaOpaque = "";

  PendingRequest(String dialect, String operation, CommandKind kind, String queryText, int keys,
      String firstKey, long valueBytes, ReplyExpectation reply, long startNanos, int opcode,
      int opaque) {
    this.dialect = dialect;
    this.operation = operation;
    this.kind = kind;
    this.queryText = queryText;
    this.keys = keys;
    this.firstKey = firstKey;
    this.valueBytes = valueBytes;
    this.reply = reply;
    this.startNanos = startNanos;
    this.opcode = opcode;
    this.opaque = opaque;
    this.requestEndNanos = startNanos;
  }

  static PendingRequest text(TextCommand command, long startNanos) {
    PendingRequest request =
        new PendingRequest("text", command.operation(), command.kind(), command.queryText(),
            command.keys(), command.firstKey(), Math.max(0, command.dataBytes()), command.reply(),
            startNanos, -1, 0);
    request.metaOpaque = command.metaOpaque();
    return request;
  }

  /**
   * Whether a meta reply that returns {@code key} (its {@code k} flag) and {@code opaque} (its
   * {@code O} flag), each empty when not returned, may answer this request.
   */
  boolean mayAnswer(String key, String opaque) {
    return (key.isEmpty() || key.equals(firstKey))
        && (opaque.isEmpty() || opaque.equals(metaOpaque));
  }

  CommandKind kind() {
    return kind;
  }

  ReplyExpectation reply() {
    return reply;
  }

  String operation() {
    return operation;
  }

  int opcode() {
    return opcode;
  }

  int opaque() {
    return opaque;
  }

  /** Whether the request's last byte has been read. */
  boolean isComplete() {
    return requestComplete;
  }

  long requestEndNanos() {
    return requestEndNanos;
  }

  void completeRequest(long endNanos) {
    requestComplete = true;
    requestEndNanos = endNanos;
  }

  /** Counts one more row of a binary STAT's answer. */
  void addRow() {
    rows++;
  }

  long rows() {
    return rows;
  }

  /** The exchange this request makes with {@code reply}. */
  Exchange exchange(Reply reply, Connection connection) {
    Exchange.Builder exchange =
        Exchange.builder("memcached", connection)
            .startNanos(startNanos)
            .endNanos(Math.max(startNanos, reply.endNanos()))
            .summary(summary(reply))
            .attribute("db.system.name", "memcached")
            .attribute("memcached.protocol", dialect)
            .attribute("db.operation.name", operation)
            .attribute("db.query.text", queryText)
            .attribute("memcached.keys", keys)
            .connectionAttributes();
    if (kind == CommandKind.STORAGE) {
      exchange.attribute("memcached.request.value.size", valueBytes);
    }
    if (reply.statusCode() != null) {
      exchange.attribute("db.response.status_code", reply.statusCode());
    }
    if (reply.errorType() != null) {
      exchange.attribute("error.type", reply.errorType());
    }
    if (isRetrieval()) {
      exchange.attribute("memcached.hits", reply.hits());
      exchange.attribute("db.response.returned_rows", reply.hits());
      exchange.attribute("memcached.response.value.size", reply.valueBytes());
    } else if (kind == CommandKind.STATS && reply.sent()) {
      exchange.attribute("db.response.returned_rows", reply.rows());
    }
    if (!reply.sent()) {
      exchange.attribute("memcached.noreply", true);
    }
    return exchange.build();
  }

  /** Retrievals, and meta gets, whose hits are counted. */
  private boolean isRetrieval() {
    return kind == CommandKind.RETRIEVAL || operation.equals("MG");
  }

  private String summary(Reply reply) {
    StringBuilder summary = new StringBuilder(operation.length() + MAX_SUMMARY_KEY_CHARS + 32).append(operation);
    if (!firstKey.isEmpty()) {
      summary.append(' ').append(QueryText.shortened(firstKey, MAX_SUMMARY_KEY_CHARS));
      if (keys > 1) {
        summary.append(" (+").append(keys - 1).append(')');
      }
    }
    summary.append(" -> ");
    if (kind == CommandKind.RETRIEVAL && reply.errorType() == null && reply.sent()) {
      summary.append(reply.hits()).append('/').append(keys).append(keys == 1 ? " hit" : " hits");
    } else if (kind == CommandKind.STATS && reply.errorType() == null && reply.sent()) {
      summary.append(reply.rows()).append(" stats");
    } else {
      summary.append(reply.outcome());
    }
    return summary.toString();
  }
}
