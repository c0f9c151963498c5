package io.sockscope.protocols.http;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the HTTP/1.x messages of one direction into {@link MessageListener} events, like netty's
 * {@code HttpObjectDecoder}: a state machine that consumes whole lines and body bytes, and answers
 * "need more bytes" by consuming less. It keeps no bytes: what it leaves unconsumed is offered
 * again with more behind it. Body bytes are counted, not copied.
 *
 * <p>Lines end with CRLF or a bare LF. A partial line is never consumed; a line longer than {@link
 * HttpLimits#MAX_LINE_BYTES} or a head longer than {@link HttpLimits#MAX_HEADER_BLOCK_BYTES} is
 * malformed input. After lost bytes the decoder skips to the next line that parses as a start line
 * of its kind. After malformed input it stops.
 *
 * <p>Confined to the session's thread.
 *
 * @param <L> the start line type
 */
abstract class HttpMessageDecoder<L> {

  private enum State {
    SKIP_TO_MESSAGE_START,
    READ_START_LINE,
    READ_HEADERS,
    READ_FIXED_LENGTH_BODY,
    READ_CHUNK_SIZE,
    READ_CHUNK_DATA,
    READ_CHUNK_DATA_END,
    READ_TRAILERS,
    READ_UNTIL_CLOSE,
    STOPPED
  }

  private static final long UNSET = Long.MIN_VALUE;

  private final MessageListener<L> listener;
  private final String startLineName;
  private final LineReader lines;
  private State state = State.READ_START_LINE;
  private @Nullable L startLine;
  private final HeaderFields headers = new HeaderFields();

  /** Bytes of the head (or of the trailer lines) consumed so far, and how many lines. */
  private int headBytes;

  private int trailerLines;

  /** Body bytes still to come: of the fixed-length body, or of the current chunk. */
  private long bodyBytesRemaining;

  private long messageStartNanos = UNSET;
  private long lastBodyNanos;

  /**
   * @param startLineName what the start line is called in reasons, {@code "request line"} or {@code
   *     "status line"}
   * @param line where the decoder reads each line; the decoders of one session share it
   */
  HttpMessageDecoder(MessageListener<L> listener, String startLineName, LineChars line) {
    this.listener = listener;
    this.startLineName = startLineName;
    this.lines = new LineReader(line);
  }

  /** Parses a start line of this decoder's kind, without its line ending; null if it is not one. */
  abstract @Nullable L parseStartLine(LineChars line);

  /** Whether the bytes from {@code from} to {@code limit} may begin a start line of this kind. */
  abstract Inference looksLikeStartLine(ByteBuffer bytes, int from, int limit);

  /**
   * How the body of a message with this head ends; or null, after calling {@link #malformed}, when
   * it cannot be told. Called after the listener has seen the head.
   */
  abstract @Nullable BodyFraming framingOf(L startLine, HeaderFields headers);

  /**
   * Decodes as much of {@code data}, from its position to its limit, as forms whole lines or body
   * bytes, and returns how many bytes that was. Does not move the buffer's position.
   */
  final int decode(ByteBuffer data, long nanos) {
    int start = data.position();
    int limit = data.limit();
    int pos = start;
    while (pos < limit && state != State.STOPPED) {
      State before = state;
      int next = step(data, pos, limit, nanos);
      if (next == pos && state == before) {
        break;
      }
      if (next != pos) {
        lines.consumed();
      }
      pos = next;
    }
    return pos - start;
  }

  /**
   * Accounts for {@code length} lost bytes, and with them any bytes offered and not consumed.
   * Inside a body of known length they are skipped; otherwise the decoder looks for the next
   * message start.
   */
  final GapOutcome skip(long length, long nanos) {
    lines.consumed();
    switch (state) {
      case READ_FIXED_LENGTH_BODY:
        if (length <= bodyBytesRemaining) {
          consumeBody(length);
          if (bodyBytesRemaining == 0) {
            endMessage(nanos);
          }
          return GapOutcome.SKIPPED_IN_BODY;
        }
        // The body ended inside the gap, and what followed it is lost.
        consumeBody(bodyBytesRemaining);
        endMessage(nanos);
        resync();
        return GapOutcome.MESSAGE_START_LOST;
      case READ_CHUNK_DATA:
        if (length > bodyBytesRemaining) {
          resync();
          return GapOutcome.MESSAGE_CUT;
        }
        consumeBody(length);
        if (bodyBytesRemaining == 0) {
          state = State.READ_CHUNK_DATA_END;
        }
        return GapOutcome.SKIPPED_IN_BODY;
      case READ_UNTIL_CLOSE:
        listener.onBodyBytes(length);
        lastBodyNanos = nanos;
        return GapOutcome.SKIPPED_IN_BODY;
      case SKIP_TO_MESSAGE_START:
      case STOPPED:
        messageStartNanos = UNSET;
        return GapOutcome.ALREADY_RESYNCING;
      case READ_START_LINE:
        resync();
        return GapOutcome.MESSAGE_START_LOST;
      default:
        resync();
        return GapOutcome.MESSAGE_CUT;
    }
  }

  /** The connection closed: ends a body delimited by the close. */
  final void close() {
    if (state == State.READ_UNTIL_CLOSE) {
      endMessage(lastBodyNanos);
    }
  }

  /** Whether part of a message, at least its start line, has been consumed and its end not. */
  final boolean isInsideMessage() {
    return state != State.READ_START_LINE
        && state != State.SKIP_TO_MESSAGE_START
        && state != State.STOPPED;
  }

  /**
   * The unconsumed bytes, before the next call, were first offered at {@code nanos}: for a caller
   * that held them back from the decoder until then.
   */
  final void bytesFirstOfferedAt(long nanos) {
    if (state == State.READ_START_LINE && messageStartNanos == UNSET) {
      messageStartNanos = nanos;
    }
  }

  /** Forgets any message in progress and skips to the next line that parses as a start line. */
  final void resync() {
    if (state != State.STOPPED) {
      state = State.SKIP_TO_MESSAGE_START;
      startLine = null;
      messageStartNanos = UNSET;
    }
  }

  /** Stops for good: every later call consumes nothing more and reports nothing. */
  final void stop() {
    state = State.STOPPED;
  }

  /** Reports malformed input and stops. */
  final void malformed(String reason) {
    if (state != State.STOPPED) {
      state = State.STOPPED;
      listener.onMalformed(reason);
    }
  }

  private int step(ByteBuffer data, int pos, int limit, long nanos) {
    switch (state) {
      case SKIP_TO_MESSAGE_START:
        return skipToMessageStart(data, pos, limit, nanos);
      case READ_START_LINE:
        return readStartLine(data, pos, limit, nanos);
      case READ_HEADERS:
      case READ_TRAILERS:
        return readFieldLine(data, pos, limit, nanos);
      case READ_FIXED_LENGTH_BODY:
        return readFixedLengthBody(pos, limit, nanos);
      case READ_CHUNK_SIZE:
        return readChunkSize(data, pos, limit);
      case READ_CHUNK_DATA:
        return readChunkData(pos, limit);
      case READ_CHUNK_DATA_END:
        return readChunkDataEnd(data, pos, limit);
      case READ_UNTIL_CLOSE:
        listener.onBodyBytes(limit - pos);
        lastBodyNanos = nanos;
        return limit;
      default:
        return pos;
    }
  }

  private int readStartLine(ByteBuffer data, int pos, int limit, long nanos) {
    if (messageStartNanos == UNSET) {
      messageStartNanos = nanos;
    }
    int lineEnd = wholeLineEnd(data, pos, limit, startLineName);
    if (lineEnd < 0) {
      return pos;
    }
    LineChars line = lines.text(data, pos, lineEnd);
    if (line.length() == 0) {
      // Empty lines before a start line are ignored (RFC 9112 section 2.2).
      messageStartNanos = UNSET;
      return lineEnd;
    }
    L parsed = parseStartLine(line);
    if (parsed == null) {
      malformed("malformed " + startLineName);
      return pos;
    }
    startLine = parsed;
    headers.clear();
    headBytes = lineEnd - pos;
    state = State.READ_HEADERS;
    return lineEnd;
  }

  /** Reads one header line, or one trailer line after a chunked body. */
  private int readFieldLine(ByteBuffer data, int pos, int limit, long nanos) {
    int lineEnd = wholeLineEnd(data, pos, limit, "header line");
    int lineBytes = (lineEnd < 0 ? limit : lineEnd) - pos;
    if (!fitsInHead(lineBytes) || lineEnd < 0) {
      return pos;
    }
    headBytes += lineBytes;
    boolean trailer = state == State.READ_TRAILERS;
    LineChars line = lines.text(data, pos, lineEnd);
    if (line.length() == 0) {
      if (trailer) {
        endMessage(nanos);
      } else {
        completeHead(nanos);
      }
      return lineEnd;
    }
    String problem =
        trailer ? HeaderFields.checkFieldLine(line, ++trailerLines) : headers.add(line);
    if (problem != null) {
      malformed(problem);
      return pos;
    }
    return lineEnd;
  }

  private void completeHead(long nanos) {
    L line = Objects.requireNonNull(startLine, "start line of a complete head");
    listener.onHead(line, headers, messageStartNanos);
    BodyFraming framing = state == State.STOPPED ? null : framingOf(line, headers);
    if (framing == null || state == State.STOPPED) {
      return;
    }
    lastBodyNanos = nanos;
    switch (framing) {
      case FIXED_LENGTH:
        bodyBytesRemaining = headers.contentLength();
        if (bodyBytesRemaining == 0) {
          endMessage(nanos);
        } else {
          state = State.READ_FIXED_LENGTH_BODY;
        }
        break;
      case CHUNKED:
        state = State.READ_CHUNK_SIZE;
        break;
      case UNTIL_CLOSE:
        state = State.READ_UNTIL_CLOSE;
        break;
      default:
        endMessage(nanos);
    }
  }

  private int readFixedLengthBody(int pos, int limit, long nanos) {
    long count = Math.min(bodyBytesRemaining, limit - pos);
    consumeBody(count);
    if (bodyBytesRemaining == 0) {
      endMessage(nanos);
    }
    return pos + (int) count;
  }

  private int readChunkSize(ByteBuffer data, int pos, int limit) {
    int lineEnd = wholeLineEnd(data, pos, limit, "chunk size line");
    if (lineEnd < 0) {
      return pos;
    }
    long size = ChunkSizeLine.parse(lines.text(data, pos, lineEnd));
    if (size < 0) {
      malformed(ChunkSizeLine.problem(size));
      return pos;
    }
    if (size == 0) {
      headBytes = 0;
      trailerLines = 0;
      state = State.READ_TRAILERS;
    } else {
      bodyBytesRemaining = size;
      state = State.READ_CHUNK_DATA;
    }
    return lineEnd;
  }

  private int readChunkData(int pos, int limit) {
    long count = Math.min(bodyBytesRemaining, limit - pos);
    consumeBody(count);
    if (bodyBytesRemaining == 0) {
      state = State.READ_CHUNK_DATA_END;
    }
    return pos + (int) count;
  }

  private int readChunkDataEnd(ByteBuffer data, int pos, int limit) {
    int lineEnd = LineReader.endOfLine(data, pos, Math.min(limit, pos + 2));
    if (lineEnd < 0) {
      if (limit - pos >= 2 || data.get(pos) != '\r') {
        malformed("chunk data not followed by CRLF");
      }
      return pos;
    }
    if (lineEnd - pos == 2 && data.get(pos) != '\r') {
      malformed("chunk data not followed by CRLF");
      return pos;
    }
    state = State.READ_CHUNK_SIZE;
    return lineEnd;
  }

  /**
   * Finds the first line, from {@code pos}, that parses as a start line of this kind: at {@code
   * pos} itself (new bytes after a gap often begin a message) or after a line feed. Consumes the
   * bytes before it; waits at a line that may still become one; consumes everything otherwise.
   */
  private int skipToMessageStart(ByteBuffer data, int pos, int limit, long nanos) {
    int candidate = pos;
    while (candidate < limit) {
      int lineEnd = LineReader.endOfLine(data, candidate, limit);
      boolean fits = (lineEnd < 0 ? limit : lineEnd) - candidate <= HttpLimits.MAX_LINE_BYTES;
      if (fits
          && looksLikeStartLine(data, candidate, limit) != Inference.NO
          && (lineEnd < 0 || parseStartLine(lines.text(data, candidate, lineEnd)) != null)) {
        if (messageStartNanos == UNSET) {
          messageStartNanos = nanos;
        }
        if (lineEnd >= 0) {
          state = State.READ_START_LINE;
        }
        return candidate;
      }
      messageStartNanos = UNSET;
      candidate = lineEnd < 0 ? limit : lineEnd;
    }
    return limit;
  }

  /**
   * The end of the line at {@code pos}, or -1 when it is incomplete or, reported as malformed,
   * longer than {@link HttpLimits#MAX_LINE_BYTES}.
   */
  private int wholeLineEnd(ByteBuffer data, int pos, int limit, String lineName) {
    int lineEnd = lines.nextLineEnd(data, pos, limit);
    if ((lineEnd < 0 ? limit : lineEnd) - pos > HttpLimits.MAX_LINE_BYTES) {
      malformed(lineName + " longer than " + HttpLimits.MAX_LINE_BYTES + " bytes");
      return -1;
    }
    return lineEnd;
  }

  /** Whether a head (or trailer block) grown by {@code lineBytes} stays within its limit. */
  private boolean fitsInHead(int lineBytes) {
    if (headBytes + lineBytes > HttpLimits.MAX_HEADER_BLOCK_BYTES) {
      malformed("header block larger than " + HttpLimits.MAX_HEADER_BLOCK_BYTES + " bytes");
      return false;
    }
    return true;
  }

  private void consumeBody(long count) {
    if (count > 0) {
      bodyBytesRemaining -= count;
      listener.onBodyBytes(count);
    }
  }

  private void endMessage(long nanos) {
    state = State.READ_START_LINE;
    startLine = null;
    messageStartNanos = UNSET;
    listener.onMessageEnd(nanos);
  }
}
