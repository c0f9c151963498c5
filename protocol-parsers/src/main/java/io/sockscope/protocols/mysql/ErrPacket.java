package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * An ERR packet: 0xFF, a 2-byte error code, then {@code '#'} and a 5-character SQLSTATE (protocol
 * 4.1), then the message. Immutable.
 *
 * @param sqlState the SQLSTATE, or null when the packet carries none
 * @param message the message, at most {@link MySqlLimits#MAX_ERROR_MESSAGE_CHARS} characters
 */
record ErrPacket(int code, @Nullable String sqlState, String message) {

  /** The error code of a progress report, which MariaDB sends as an ERR before the response. */
  static final int PROGRESS_REPORT = 0xffff;

  /** Parses an ERR packet; null when it is cut before its code. */
  static @Nullable ErrPacket parse(Message message) {
    Payload payload = Payload.of(message);
    payload.skip(1);
    long code = payload.fixed(2);
    if (code == Payload.MISSING) {
      return null;
    }
    String sqlState = null;
    byte[] bytes = message.bytes();
    if (payload.remaining() >= 6 && bytes[payload.position()] == '#') {
      payload.skip(1);
      sqlState = new String(bytes, payload.position(), 5, java.nio.charset.StandardCharsets.US_ASCII);
      payload.skip(5);
    }
    return new ErrPacket((int) code, sqlState, payload.rest(MySqlLimits.MAX_ERROR_MESSAGE_CHARS));
  }

  /** Whether the packet is a MariaDB progress report rather than an error. */
  static boolean isProgressReport(Message message) {
    return message.isErr() && message.keptLength() >= 3
        && (message.bytes()[1] & 0xff) == 0xff && (message.bytes()[2] & 0xff) == 0xff;
  }
}
