package io.sockscope.protocols.redis;

import io.sockscope.protocols.redis.RespValue.Element;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the RESP2 and RESP3 values of one direction into one {@link RespValue} per top-level
 * value, like netty's {@code RedisDecoder}: a state machine that consumes whole lines and string
 * bytes as they pass, answers "need more bytes" by consuming less, and keeps no bytes of its own
 * beyond the first {@link RedisLimits#KEPT_ELEMENT_BYTES} of each reported string (an element of
 * the top-level aggregate, or a top-level error; of a top-level bulk or verbatim string only the
 * length is reported). A string of
 * any length is consumed piece by piece, so it never has to fit in the tracer's buffer.
 *
 * <p>It reads every RESP3 type, attributes (which annotate the value that follows and are not
 * elements of their aggregate), streamed strings ({@code $?} then {@code ;len} chunks) and
 * streamed aggregates ({@code *?}, {@code %?}, {@code ~?} ended by {@code .}). The decoder of
 * the command direction reads what a Redis server accepts: an array of bulk strings, or an
 * inline command (words on a line); empty ones are skipped, as Redis does.
 *
 * <p>Lost bytes inside a string are skipped and the value completes; anywhere else the framing is
 * lost ({@link #skip} says so). After malformed input the decoder stops. Confined to the
 * session's thread.
 */
final class RespDecoder {

  /** Receives the decoder's values, in order. */
  interface Listener {
    void onValue(RespValue value);

    /** The bytes are not RESP; the decoder has stopped. */
    void onMalformed(String reason);
  }

  private enum State {
    READ_LINE,
    READ_STRING_BYTES,
    READ_STRING_CRLF,
    STOPPED
  }

  /** Where the string being read goes in the value. */
  private enum StringRole {
    /** It is the top-level value, an error: its text is kept for the error code. */
    TOP,
    /**
     * It is the top-level value, a bulk or verbatim string: only its length is reported, so its
     * bytes are only counted.
     */
    TOP_LENGTH_ONLY,
    /** It is an element of the top-level aggregate. */
    ELEMENT,
    /** Deeper, or inside an attribute: only counted. */
    NONE;

    boolean keepsText() {
      return this == TOP || this == ELEMENT;
    }
  }

  private static final long UNSET = Long.MIN_VALUE;
  private static final long STREAMED = -1;
  private static final long MALFORMED = RespLines.MALFORMED;

  private final Listener listener;
  private final boolean commands;
  private State state = State.READ_LINE;

  /** Elements still to come in each open aggregate (or {@link #STREAMED}), outermost first. */
  private final long[] remaining = new long[RedisLimits.MAX_NESTING];

  private final boolean[] attribute = new boolean[RedisLimits.MAX_NESTING];
  private int depth;
  private @Nullable RespValue value;
  private long firstOfferedNanos = UNSET;

  /** How many unconsumed bytes, from the first, are known to hold no line feed. */
  private int scannedWithoutLineFeed;

  private RespType stringType = RespType.BULK_STRING;
  private StringRole stringRole = StringRole.NONE;
  private boolean streamedString;
  private long stringBytesRemaining;
  private long stringSize;
  private int crlfRemaining;
  private final byte[] kept = new byte[RedisLimits.KEPT_ELEMENT_BYTES];
  private int keptLength;
  private boolean keptTruncated;

  /**
   * @param commands whether this direction carries commands: top-level arrays of bulk strings or
   *     inline commands, rather than replies of any type
   */
  RespDecoder(Listener listener, boolean commands) {
    this.listener = listener;
    this.commands = commands;
  }

  /**
   * Decodes as much of {@code data}, from its position to its limit, as forms whole lines or string
   * bytes, and returns how many bytes that was. Does not move the buffer's position.
   */
  int decode(ByteBuffer data, long nanos) {
    int start = data.position();
    int limit = data.limit();
    int pos = start;
    while (pos < limit && state != State.STOPPED) {
      if (value == null) {
        value = new RespValue(firstOfferedNanos == UNSET ? nanos : firstOfferedNanos);
        firstOfferedNanos = UNSET;
      }
      int next = step(data, pos, limit, nanos);
      if (next == pos) {
        break;
      }
      scannedWithoutLineFeed = 0;
      pos = next;
    }
    return pos - start;
  }

  /**
   * The unconsumed bytes, before the next call, were first offered at {@code nanos}: for a caller
   * that held them back from the decoder until then.
   */
  void bytesFirstOfferedAt(long nanos) {
    if (value == null && firstOfferedNanos == UNSET) {
      firstOfferedNanos = nanos;
    }
  }

  /**
   * Accounts for {@code length} lost bytes, and with them any bytes offered and not consumed.
   * Returns true when they fell inside a string (its CRLF included), which is skipped and keeps
   * its length; false when the framing is lost.
   */
  boolean skip(long length, long nanos) {
    scannedWithoutLineFeed = 0;
    RespValue current = value;
    if (current == null || (state != State.READ_STRING_BYTES && state != State.READ_STRING_CRLF)) {
      return false;
    }
    long left = length;
    if (state == State.READ_STRING_BYTES) {
      long inString = Math.min(left, stringBytesRemaining);
      stringBytesRemaining -= inString;
      stringSize += inString;
      keptTruncated = true;
      current.addWireBytes(inString);
      left -= inString;
      if (stringBytesRemaining > 0) {
        return true;
      }
      state = State.READ_STRING_CRLF;
      crlfRemaining = 2;
    }
    if (left > crlfRemaining) {
      return false;
    }
    crlfRemaining -= (int) left;
    current.addWireBytes(left);
    if (crlfRemaining == 0) {
      endOfStringBytes(nanos);
    }
    return true;
  }

  /** Whether part of a value has been consumed and its end not. */
  boolean isInsideValue() {
    return value != null && value.wireBytes() > 0 && state != State.STOPPED;
  }

  /** Forgets the value in progress: the next bytes offered begin a new top-level value. */
  void restartAtValueBoundary() {
    if (state != State.STOPPED) {
      state = State.READ_LINE;
      depth = 0;
      value = null;
      streamedString = false;
      firstOfferedNanos = UNSET;
      scannedWithoutLineFeed = 0;
    }
  }

  /** Stops for good: every later call consumes nothing and reports nothing. */
  void stop() {
    state = State.STOPPED;
    value = null;
  }

  private int step(ByteBuffer data, int pos, int limit, long nanos) {
    switch (state) {
      case READ_LINE:
        return readLine(data, pos, limit, nanos);
      case READ_STRING_BYTES:
        return readStringBytes(data, pos, limit);
      case READ_STRING_CRLF:
        return readStringCrlf(data, pos, nanos);
      default:
        return pos;
    }
  }

  private int readLine(ByteBuffer data, int pos, int limit, long nanos) {
    int lineEnd = nextLineEnd(data, pos, limit);
    if ((lineEnd < 0 ? limit : lineEnd) - pos > RedisLimits.MAX_LINE_BYTES) {
      return malformed("line longer than " + RedisLimits.MAX_LINE_BYTES + " bytes", pos);
    }
    int typeByte = data.get(pos) & 0xff;
    boolean inline = commands && depth == 0 && typeByte != '*';
    if (!inline && !streamedString && typeByte != '.' && RespType.of(typeByte) == null) {
      return malformed("unknown RESP type byte", pos);
    }
    if (lineEnd < 0) {
      return pos;
    }
    if (inline) {
      return readInlineCommand(data, pos, lineEnd, nanos);
    }
    if (lineEnd - pos < 3 || data.get(lineEnd - 2) != '\r') {
      return malformed("line not ended by CRLF", pos);
    }
    int from = pos + 1;
    int to = lineEnd - 2;
    if (streamedString) {
      return readStreamedChunkLine(typeByte, data, from, to, lineEnd, pos, nanos);
    }
    if (typeByte == '.') {
      return readStreamedAggregateEnd(from, to, lineEnd, pos, nanos);
    }
    RespType type = Objects.requireNonNull(RespType.of(typeByte), "checked above");
    if (commands && type != (depth == 0 ? RespType.ARRAY : RespType.BULK_STRING)) {
      return malformed("command is not an array of bulk strings", pos);
    }
    take(lineEnd - pos);
    String problem;
    switch (type.framing()) {
      case LINE:
        problem = readLineValue(type, data, from, to, nanos);
        break;
      case LENGTH:
        problem = readStringHeader(type, data, from, to, nanos);
        break;
      default:
        problem = readAggregateHeader(type, data, from, to, nanos);
    }
    if (problem != null) {
      return malformed(problem, pos);
    }
    return lineEnd;
  }

  /** A value whose content is the rest of its line: simple string, error, number, null. */
  private @Nullable String readLineValue(RespType type, ByteBuffer data, int from, int to, long nanos) {
    String problem = RespLines.checkLineValue(type, data, from, to);
    if (problem != null) {
      return problem;
    }
    Element element = type == RespType.NULL ? new Element(null, false, -1) : keptElement(data, from, to);
    place(type, -1, element, nanos);
    return null;
  }

  private @Nullable String readStringHeader(RespType type, ByteBuffer data, int from, int to, long nanos) {
    boolean streamed = type == RespType.BULK_STRING && to - from == 1 && data.get(from) == '?';
    long length = streamed ? 0 : RespLines.parseLength(data, from, to, type == RespType.BULK_STRING, RedisLimits.MAX_BULK_BYTES);
    if (length == MALFORMED) {
      return type.reportedName() + " length not a number of at most " + RedisLimits.MAX_BULK_BYTES;
    }
    if (length < 0) {
      place(type, -1, new Element(null, false, -1), nanos);
      return null;
    }
    stringType = type;
    if (depth == 0) {
      stringRole = type.isError() ? StringRole.TOP : StringRole.TOP_LENGTH_ONLY;
    } else {
      stringRole = isTopLevelElement() ? StringRole.ELEMENT : StringRole.NONE;
    }
    stringSize = 0;
    keptLength = 0;
    keptTruncated = false;
    streamedString = streamed;
    if (!streamed) {
      startStringBytes(length);
    }
    return null;
  }

  private @Nullable String readAggregateHeader(RespType type, ByteBuffer data, int from, int to, long nanos) {
    boolean streamable = type == RespType.ARRAY || type == RespType.MAP || type == RespType.SET;
    boolean streamed = streamable && to - from == 1 && data.get(from) == '?';
    long count = streamed ? STREAMED : RespLines.parseLength(data, from, to, type == RespType.ARRAY, RedisLimits.MAX_ELEMENTS);
    if (count == MALFORMED) {
      return type.reportedName() + " count not a number of at most " + RedisLimits.MAX_ELEMENTS;
    }
    if (commands && count <= 0 && !streamed) {
      // Redis skips an empty command without replying.
      value = null;
      return null;
    }
    if (count == -1 && !streamed) {
      place(type, -1, new Element(null, false, -1), nanos);
      return null;
    }
    boolean isAttribute = type == RespType.ATTRIBUTE;
    if (depth == 0 && !isAttribute) {
      current().type(type, streamed ? -1 : count);
    } else if (isTopLevelElement() && !isAttribute) {
      current().addElement(new Element(null, false, streamed ? -1 : count));
    }
    if (count == 0) {
      completeValue(nanos, isAttribute);
      return null;
    }
    if (depth == RedisLimits.MAX_NESTING) {
      return "aggregates nested deeper than " + RedisLimits.MAX_NESTING;
    }
    remaining[depth] = streamed ? STREAMED : type.framing() == RespType.Framing.PAIR_COUNT ? 2 * count : count;
    attribute[depth] = isAttribute;
    depth++;
    return null;
  }

  private int readStreamedChunkLine(
      int typeByte, ByteBuffer data, int from, int to, int lineEnd, int pos, long nanos) {
    long length = typeByte == ';' ? RespLines.parseLength(data, from, to, false, RedisLimits.MAX_BULK_BYTES) : MALFORMED;
    if (length == MALFORMED) {
      return malformed("streamed string chunk not ';' and a length", pos);
    }
    take(lineEnd - pos);
    if (length == 0) {
      streamedString = false;
      finishString(nanos);
      return lineEnd;
    }
    startStringBytes(length);
    return lineEnd;
  }

  private int readStreamedAggregateEnd(int from, int to, int lineEnd, int pos, long nanos) {
    if (from != to || depth == 0 || remaining[depth - 1] != STREAMED) {
      return malformed("end of a streamed aggregate outside one", pos);
    }
    take(lineEnd - pos);
    depth--;
    if (depth == 0 && !attribute[0]) {
      current().lengthFromElements();
    }
    completeValue(nanos, attribute[depth]);
    return lineEnd;
  }

  private int readInlineCommand(ByteBuffer data, int pos, int lineEnd, long nanos) {
    take(lineEnd - pos);
    int end = lineEnd - 1;
    if (end > pos && data.get(end - 1) == '\r') {
      end--;
    }
    RespValue command = current();
    int words = 0;
    int i = pos;
    while (i < end) {
      while (i < end && isInlineSpace(data.get(i))) {
        i++;
      }
      int wordStart = i;
      while (i < end && !isInlineSpace(data.get(i))) {
        i++;
      }
      if (i > wordStart) {
        command.addElement(keptElement(data, wordStart, i));
        words++;
      }
    }
    if (words == 0) {
      // Redis skips an empty line without replying.
      value = null;
      return lineEnd;
    }
    command.type(RespType.ARRAY, words);
    command.markInline();
    finishValue(nanos);
    return lineEnd;
  }

  private static boolean isInlineSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  private void startStringBytes(long length) {
    stringBytesRemaining = length;
    if (length == 0) {
      state = State.READ_STRING_CRLF;
      crlfRemaining = 2;
    } else {
      state = State.READ_STRING_BYTES;
    }
  }

  private int readStringBytes(ByteBuffer data, int pos, int limit) {
    int count = (int) Math.min(stringBytesRemaining, limit - pos);
    if (stringRole.keepsText()) {
      int copied = Math.min(count, kept.length - keptLength);
      data.get(pos, kept, keptLength, copied);
      keptLength += copied;
      keptTruncated |= copied < count;
    }
    stringBytesRemaining -= count;
    stringSize += count;
    take(count);
    if (stringBytesRemaining == 0) {
      state = State.READ_STRING_CRLF;
      crlfRemaining = 2;
    }
    return pos + count;
  }

  private int readStringCrlf(ByteBuffer data, int pos, long nanos) {
    byte expected = crlfRemaining == 2 ? (byte) '\r' : (byte) '\n';
    if (data.get(pos) != expected) {
      return malformed("string not followed by CRLF", pos);
    }
    take(1);
    if (--crlfRemaining == 0) {
      endOfStringBytes(nanos);
    }
    return pos + 1;
  }

  private void endOfStringBytes(long nanos) {
    state = State.READ_LINE;
    if (!streamedString) {
      finishString(nanos);
    }
  }

  private void finishString(long nanos) {
    if (stringRole == StringRole.TOP || stringRole == StringRole.TOP_LENGTH_ONLY) {
      current().type(stringType, stringSize);
    }
    if (stringRole.keepsText()) {
      Element element =
          new Element(new String(kept, 0, keptLength, StandardCharsets.UTF_8), keptTruncated, stringSize);
      if (stringRole == StringRole.TOP) {
        current().scalar(element);
      } else {
        current().addElement(element);
      }
    }
    completeValue(nanos, false);
  }

  /** Puts a complete scalar in the value: as the value itself, as an element, or nowhere. */
  private void place(RespType type, long length, Element element, long nanos) {
    if (depth == 0) {
      current().type(type, length);
      current().scalar(element);
    } else if (isTopLevelElement()) {
      current().addElement(element);
    }
    completeValue(nanos, false);
  }

  /** Whether a value read now is an element of the top-level aggregate (not of an attribute). */
  private boolean isTopLevelElement() {
    return depth == 1 && !attribute[0];
  }

  /**
   * A value at the current depth is complete: counts it in its aggregate, completing every
   * aggregate it fills, and the top-level value when that is complete too. An attribute is not an
   * element of its aggregate, and the top-level value it annotates still follows.
   */
  private void completeValue(long nanos, boolean wasAttribute) {
    boolean attributeDone = wasAttribute;
    while (true) {
      if (depth == 0) {
        if (!attributeDone) {
          finishValue(nanos);
        }
        return;
      }
      int top = depth - 1;
      if (attributeDone || remaining[top] == STREAMED || --remaining[top] > 0) {
        return;
      }
      depth = top;
      attributeDone = attribute[top];
    }
  }

  private void finishValue(long nanos) {
    RespValue done = current();
    done.end(nanos);
    value = null;
    listener.onValue(done);
  }

  private RespValue current() {
    RespValue current = value;
    if (current == null) {
      throw new IllegalStateException("no value in progress");
    }
    return current;
  }

  private void take(long count) {
    if (value != null) {
      value.addWireBytes(count);
    }
  }

  /** The text of {@code from..to}, cut to {@link RedisLimits#KEPT_ELEMENT_BYTES}. */
  private static Element keptElement(ByteBuffer data, int from, int to) {
    int length = Math.min(to - from, RedisLimits.KEPT_ELEMENT_BYTES);
    byte[] bytes = new byte[length];
    data.get(from, bytes);
    return new Element(new String(bytes, StandardCharsets.UTF_8), length < to - from, to - from);
  }

  /** The index just past the next line feed from {@code pos}, or -1 when there is none yet. */
  private int nextLineEnd(ByteBuffer data, int pos, int limit) {
    for (int i = pos + Math.min(scannedWithoutLineFeed, limit - pos); i < limit; i++) {
      if (data.get(i) == '\n') {
        scannedWithoutLineFeed = 0;
        return i + 1;
      }
    }
    scannedWithoutLineFeed = limit - pos;
    return -1;
  }

  /** Reports malformed input and stops; returns {@code pos}, consuming nothing more. */
  private int malformed(String reason, int pos) {
    if (state != State.STOPPED) {
      stop();
      listener.onMalformed(reason);
    }
    return pos;
  }
}
