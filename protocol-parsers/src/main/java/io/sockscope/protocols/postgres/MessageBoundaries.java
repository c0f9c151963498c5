package io.sockscope.protocols.postgres;

import static io.sockscope.protocols.postgres.Wire.int16;
import static io.sockscope.protocols.postgres.Wire.int32;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;

/**
 * Finds a message boundary again after lost bytes: a typed message whose structure checks out in
 * full, including the short ones ({@code ParseComplete}, {@code Sync}, {@code Bind}, ...) that
 * {@link MessageStarts} only calls possible, because here they must fill their length exactly.
 */
final class MessageBoundaries {
  private MessageBoundaries() {}

  /**
   * Judges whether a message boundary is at {@code from}, to find one again after lost bytes:
   * {@link Inference#YES} when a typed message starts there whose structure checks out in full
   * (or in its first {@link PostgresLimits#DECODED_BODY_BYTES} when longer), {@link
   * Inference#NEED_MORE_BYTES} until those bytes are there, {@link Inference#NO} otherwise. The
   * answer depends only on the bytes, never on where calls were cut.
   */
  static Inference at(ByteBuffer b, int from, int limit) {
    if (!MessageType.isKnown(b.get(from))) {
      return Inference.NO;
    }
    if (limit - from < 5) {
      return Inference.NEED_MORE_BYTES;
    }
    int length = int32(b, from + 1);
    if (length < 4 || length >= MessageStarts.MAX_PLAUSIBLE_LENGTH) {
      return Inference.NO;
    }
    int window = from + 1 + Math.min(length, 4 + PostgresLimits.DECODED_BODY_BYTES);
    if (limit < window) {
      return Inference.NEED_MORE_BYTES;
    }
    Inference typed = MessageStarts.typed(b, from, window);
    if (typed == Inference.YES || typed == Inference.NO) {
      return typed;
    }
    return window == from + 1 + length && exactlyFramed(b, b.get(from), from + 5, window)
        ? Inference.YES : Inference.NO;
  }

  /** Whether a whole message that {@link MessageStarts#typed} calls a MAYBE fills its length exactly. */
  private static boolean exactlyFramed(ByteBuffer b, byte type, int body, int end) {
    if (end == body) {
      return "SH123nIsc".indexOf(type) >= 0;
    }
    return switch (type) {
      case 'B' -> bindFills(b, body, end);
      case 'E' -> Wire.nul(b, body, end) == end - 5;
      case 'D', 'C' -> (b.get(body) == 'S' || b.get(body) == 'P') && Wire.nul(b, body + 1, end) == end - 1;
      case 'G', 'H', 'W' -> end - body >= 3 && (b.get(body) == 0 || b.get(body) == 1)
          && end - body == 3 + 2 * int16(b, body + 1);
      case 't' -> end - body >= 2 && end - body == 2 + 4 * int16(b, body);
      default -> false;
    };
  }

  /** Bind: portal, statement, format codes, length-prefixed parameters, result format codes. */
  private static boolean bindFills(ByteBuffer b, int at, int end) {
    int portalEnd = Wire.nul(b, at, end);
    int statementEnd = portalEnd < 0 ? -1 : Wire.nul(b, portalEnd + 1, end);
    if (statementEnd < 0 || statementEnd + 3 > end) {
      return false;
    }
    at = statementEnd + 1;
    at += 2 + 2 * int16(b, at);
    if (at + 2 > end) {
      return false;
    }
    int parameters = int16(b, at);
    at += 2;
    for (int i = 0; i < parameters; i++) {
      if (at + 4 > end) {
        return false;
      }
      int valueLength = int32(b, at);
      at += 4 + Math.max(0, valueLength);
      if (valueLength < -1 || at > end) {
        return false;
      }
    }
    return at + 2 <= end && at + 2 + 2 * int16(b, at) == end;
  }
}
