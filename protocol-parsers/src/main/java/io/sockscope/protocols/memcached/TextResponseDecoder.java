package io.sockscope.protocols.memcached;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of the reply direction of a text connection into replies. A reply is one line
 * ({@code STORED}, {@code NOT_FOUND}, {@code VERSION 1.6.18}, {@code HD}, an incr result, an
 * error), or for retrievals VALUE lines each with its data block and then {@code END}, for stats
 * STAT lines and then {@code END}, for meta gets {@code VA <size>} and a data block. Which shape to
 * expect comes from the command the reply answers, or from the reply's first line when that command
 * is unknown. Data blocks are skipped as they pass. Confined to the session's thread.
 */
final class TextResponseDecoder {

  /** Where replies go, and where the decoder learns what the next one answers. */
  interface Listener {
    /** The kind of command the next reply answers; null when none is waiting. */
    @Nullable CommandKind answeredKind();

    /**
     * A whole reply went by; a meta reply's {@code k} and {@code O} flags, which tell the request
     * it answers, are given, or empty.
     */
    void onReply(Reply reply, String returnedKey, String returnedOpaque);

    void onMalformed(String reason);
  }

  private enum State {
    FIRST_LINE,
    LINES,
    DATA,
    STOPPED
  }

  private static final Set<String> ERRORS = Set.of("ERROR", "CLIENT_ERROR", "SERVER_ERROR");
  private static final Set<String> STATS_LINES = Set.of("STAT", "ITEM", "PREFIX");

  private final Listener listener;
  private final LineScanner lines = new LineScanner();
  private State state = State.FIRST_LINE;
  private boolean listingValues;
  private long dataRemaining;
  private boolean dataEndsReply;
  private @Nullable String statusCode;
  private long hits;
  private long valueBytes;
  private long rows;
  private String returnedKey = "";
  private String returnedOpaque = "";

  TextResponseDecoder(Listener listener) {
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
          dataEnded(clock.nanosAt(pos - 1 - start));
        }
        continue;
      }
      int end = lines.nextLineEnd(data, pos, limit);
      if (end < 0 ? limit - pos >= MemcachedLimits.MAX_LINE_BYTES
          : end - pos > MemcachedLimits.MAX_LINE_BYTES) {
        malformed("reply line too long");
        break;
      }
      if (end < 0) {
        break;
      }
      String line = LineScanner.text(data, pos, end);
      pos = end;
      lines.consumed();
      if (!LineScanner.isPrintable(line)) {
        malformed("reply line holds control bytes");
        break;
      }
      long endNanos = clock.nanosAt(end - 1 - start);
      if (state == State.FIRST_LINE) {
        firstLine(line, endNanos);
      } else {
        nextLine(line, line.equals("END") ? List.of() : TextCommand.tokens(line), endNanos);
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
      dataEnded(timestampNanos);
    }
    return true;
  }

  void stop() {
    state = State.STOPPED;
  }

  private void firstLine(String line, long endNanos) {
    List<String> tokens = TextCommand.tokens(line);
    String word = tokens.isEmpty() ? "" : tokens.get(0);
    CommandKind kind = listener.answeredKind();
    if (kind == CommandKind.META || kind == null) {
      returnedKey = TextCommand.flag(tokens, 'k');
      returnedOpaque = TextCommand.flag(tokens, 'O');
    }
    if (ERRORS.contains(word)) {
      finish(word, word, word, endNanos);
    } else if (kind == CommandKind.RETRIEVAL
        || (kind == null && (word.equals("VALUE") || line.equals("END")))) {
      listingValues = true;
      state = State.LINES;
      nextLine(line, tokens, endNanos);
    } else if ((kind == CommandKind.STATS || kind == null)
        && (STATS_LINES.contains(word) || line.equals("END"))) {
      listingValues = false;
      state = State.LINES;
      nextLine(line, tokens, endNanos);
    } else if ((kind == CommandKind.META || kind == null) && word.equals("VA")) {
      long size = tokens.size() > 1 ? TextCommand.length(tokens.get(1)) : -1;
      if (size < 0) {
        malformed("bad VA line");
        return;
      }
      statusCode = "VA";
      hits = 1;
      valueBytes = size;
      expectData(size, true);
    } else if (isNumber(word) && tokens.size() == 1) {
      finish(null, "value", null, endNanos); // the result of incr or decr
    } else {
      hits = word.equals("HD") ? 1 : 0; // a meta get's hit without its value
      finish(word, word, null, endNanos);
    }
  }

  /** A line after the first of a get's or a stats' reply, with its {@link TextCommand#tokens}. */
  private void nextLine(String line, List<String> tokens, long endNanos) {
    String word = tokens.isEmpty() ? "" : tokens.get(0);
    if (line.equals("END")) {
      finish(null, "END", null, endNanos);
    } else if (ERRORS.contains(word)) {
      finish(word, word, word, endNanos);
    } else if (!listingValues) {
      rows++;
    } else if (word.equals("VALUE") && (tokens.size() == 4 || tokens.size() == 5)) {
      long size = TextCommand.length(tokens.get(3));
      if (size < 0) {
        malformed("bad VALUE line");
        return;
      }
      hits++;
      valueBytes += size;
      expectData(size, false);
    } else {
      malformed("unexpected line in a get reply");
    }
  }

  private void expectData(long size, boolean endsReply) {
    state = State.DATA;
    dataRemaining = size + 2;
    dataEndsReply = endsReply;
  }

  private void dataEnded(long endNanos) {
    if (dataEndsReply) {
      finish(statusCode, "VA", null, endNanos);
    } else {
      state = State.LINES;
    }
  }

  private void finish(
      @Nullable String status, String outcome, @Nullable String errorType, long endNanos) {
    Reply reply = new Reply(status, outcome, errorType, hits, valueBytes, rows, true, endNanos);
    state = State.FIRST_LINE;
    statusCode = null;
    hits = 0;
    valueBytes = 0;
    rows = 0;
    String key = returnedKey;
    String opaque = returnedOpaque;
    returnedKey = "";
    returnedOpaque = "";
    listener.onReply(reply, key, opaque);
  }

  private void malformed(String reason) {
    state = State.STOPPED;
    listener.onMalformed(reason);
  }

  private static boolean isNumber(String word) {
    if (word.isEmpty()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (word.charAt(i) < '0' || word.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
