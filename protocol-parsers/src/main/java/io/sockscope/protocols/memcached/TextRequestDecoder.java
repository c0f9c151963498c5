package io.sockscope.protocols.memcached;

import java.nio.ByteBuffer;

/**
 * Turns the bytes of the request direction of a text connection into commands: a command line,
 * then for storage commands ({@code set}, {@code cas}, {@code ms}, ...) a data block of the length
 * the line gives and its CRLF, skipped as it passes, never buffered. Confined to the session's
 * thread.
 */
final class TextRequestDecoder {

  /** What the decoder found. */
  interface Listener {
    /** A command line was read; its first byte came at {@code startNanos}. */
    void onCommand(TextCommand command, long startNanos);

    /** The command's last byte (its line's, or its data block's CRLF) came at {@code endNanos}. */
    void onCommandEnd(long endNanos);

    void onMalformed(String reason);
  }

  private enum State {
    LINE,
    DATA,
    STOPPED
  }

  private final Listener listener;
  private final LineScanner lines = new LineScanner();
  private State state = State.LINE;
  private long dataRemaining;

  TextRequestDecoder(Listener listener) {
    this.listener = listener;
  }

  /** Decodes what it can of the offered bytes; returns how many it consumed. */
  int decode(ByteBuffer data, ArrivalClock clock) {
    int start = data.position();
    int limit = data.limit();
    int pos = start;
    while (pos < limit && state != State.STOPPED) {
      if (state == State.DATA) {
        int skipped = (int) Math.min(dataRemaining, limit - pos);
        pos += skipped;
        dataRemaining -= skipped;
        if (dataRemaining == 0) {
          state = State.LINE;
          listener.onCommandEnd(clock.nanosAt(pos - 1 - start));
        }
        continue;
      }
      int end = lines.nextLineEnd(data, pos, limit);
      if (end < 0 ? limit - pos >= MemcachedLimits.MAX_LINE_BYTES
          : end - pos > MemcachedLimits.MAX_LINE_BYTES) {
        malformed("command line too long");
        break;
      }
      if (end < 0) {
        break;
      }
      TextCommand command = TextCommand.parse(LineScanner.text(data, pos, end));
      if (command == null) {
        malformed("command line holds control bytes");
        break;
      }
      listener.onCommand(command, clock.nanosAt(pos - start));
      pos = end;
      lines.consumed();
      if (command.dataBytes() >= 0) {
        state = State.DATA;
        dataRemaining = command.dataBytes() + 2;
      } else {
        listener.onCommandEnd(clock.nanosAt(end - 1 - start));
      }
    }
    return pos - start;
  }

  /**
   * Skips {@code length} lost bytes if they lie inside a data block; returns false when they do
   * not, and the framing is lost.
   */
  boolean skip(long length, long timestampNanos) {
    lines.consumed();
    if (state != State.DATA || length > dataRemaining) {
      return false;
    }
    dataRemaining -= length;
    if (dataRemaining == 0) {
      state = State.LINE;
      listener.onCommandEnd(timestampNanos);
    }
    return true;
  }

  void stop() {
    state = State.STOPPED;
  }

  private void malformed(String reason) {
    state = State.STOPPED;
    listener.onMalformed(reason);
  }
}
