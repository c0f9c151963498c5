package io.sockscope.protocols.memcached;

import org.jspecify.annotations.Nullable;

/**
 * What the server answered to one request, or what its silence meant.
 *
 * @param statusCode for {@code db.response.status_code}: the text reply's first word ({@code
 *     STORED}, {@code NOT_FOUND}, {@code HD}, ...) or the binary status as {@code 0x0001}; null
 *     when the reply has none (VALUE lines and END, STAT lines, an incr result) or none came
 * @param outcome how the summary ends: {@code STORED}, {@code KEY_NOT_FOUND}, {@code 2/3 hits}
 * @param errorType for {@code error.type}: {@code ERROR}, {@code CLIENT_ERROR}, {@code
 *     SERVER_ERROR}, or a binary error status's name; null on success, a miss or "not stored"
 * @param hits values returned (VALUE or VA lines, binary GET answers with status 0)
 * @param valueBytes the data bytes of those values
 * @param rows STAT lines (or a binary STAT's answers)
 * @param sent false when no reply came: text noreply or quit, a binary quiet opcode passed in
 *     silence
 * @param endNanos when the reply's last byte went by; for no reply, when the request's did, or
 *     when the next reply showed the server had passed it
 */
record Reply(
    @Nullable String statusCode,
    String outcome,
    @Nullable String errorType,
    long hits,
    long valueBytes,
    long rows,
    boolean sent,
    long endNanos) {

  /** No reply came, and none was due. */
  static Reply none(long endNanos) {
    return new Reply(null, "no reply", null, 0, 0, 0, false, endNanos);
  }
}
