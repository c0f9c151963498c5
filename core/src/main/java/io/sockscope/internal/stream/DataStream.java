package io.sockscope.internal.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One direction of one connection: puts the captured chunks in byte order, feeds the contiguous
 * bytes to a {@link StreamConsumer}, reports missing bytes as gaps, and bounds its memory.
 *
 * <p>The kernel describes each chunk by its {@code position} (the bytes this direction moved
 * before it), its {@code size} (the bytes it spans) and how many of those it {@code captured}:
 * the first {@code captured} bytes were copied, the {@code size - captured} after them were
 * not. The first chunk fixes where the stream starts, so a connection traced mid-way reports no
 * gap for what came before. Then:
 *
 * <ul>
 *   <li>a chunk at the expected position is appended to the bytes the consumer has not consumed
 *       and they are all offered to it; an uncaptured tail becomes a {@link
 *       GapCause#NOT_CAPTURED} gap;
 *   <li>a chunk wholly before the expected position is a duplicate and is ignored; one that
 *       overlaps it contributes only its new part;
 *   <li>a chunk beyond the expected position (two CPUs racing on one socket) is copied and held,
 *       at most {@link #MAX_PENDING_CHUNKS} of them, until the hole before it fills. When the set
 *       is full, the budget refuses the copy, or {@link #flushGaps} is called, the hole is
 *       reported as a {@link GapCause#LOST} gap and the held chunks are applied.
 * </ul>
 *
 * <p>Memory is bounded twice. The unconsumed bytes never exceed {@code maxBufferedBytes}: a
 * chunk that does not fit is offered in pieces, each as soon as the consumer has made room, and
 * when the consumer leaves the buffer full with bytes still to append the stream overflows.
 * Every byte held, unconsumed or out of order, is reserved from a {@link MemoryBudget} shared
 * with the other streams of the thread, and a refusal overflows the stream too. An overflowed
 * stream has released everything and answers {@link StreamStatus#OVERFLOW} from then on.
 *
 * <p>New bytes behind no unconsumed ones are offered from the thread's {@link SharedParseBuffer};
 * a stream has a parse buffer of its own only once its consumer leaves bytes unconsumed. That
 * buffer is a byte array that doubles as it grows, up to {@code maxBufferedBytes}, and is given
 * back when it empties above {@link #RETAINED_CAPACITY}.
 *
 * <p>Confined to the handler thread that owns the connection: not safe for concurrent use.
 */
public final class DataStream {
  /** How many chunks that arrived ahead of a hole a stream holds before it declares the hole. */
  public static final int MAX_PENDING_CHUNKS = 8;
  /** The parse buffer's first capacity, unless the stream's limit is lower. */
  static final int INITIAL_CAPACITY = 4096;
  /** A parse buffer larger than this is freed when it empties, so idle streams stay small. */
  static final int RETAINED_CAPACITY = 64 * 1024;

  private static final byte[] NO_BYTES = new byte[0];
  /** The view of {@link #NO_BYTES}: never offered, since nothing is buffered while it is the view. */
  private static final ByteBuffer NO_VIEW = readOnlyView(NO_BYTES);

  private final int maxBufferedBytes;
  private final MemoryBudget budget;
  private final PendingChunks pending;
  private final SharedParseBuffer shared;

  private byte[] buffer = NO_BYTES;
  private ByteBuffer view = NO_VIEW;
  private int buffered;
  private long expected;
  private boolean started;
  private boolean overflowed;
  private boolean closed;

  private long bytesDelivered;
  private long bytesLost;
  private long bytesNotCaptured;
  private long gaps;
  private long duplicateBytes;
  private long overflowBytes;

  /**
   * A stream that shares its parse buffer with no other stream.
   *
   * @param maxBufferedBytes the most unconsumed bytes this stream holds for its consumer, at
   *     least 1
   * @param budget the budget shared by the streams of this thread
   */
  public DataStream(int maxBufferedBytes, MemoryBudget budget) {
    this(maxBufferedBytes, budget, new SharedParseBuffer());
  }

  /**
   * @param maxBufferedBytes the most unconsumed bytes this stream holds for its consumer, at
   *     least 1
   * @param budget the budget shared by the streams of this thread
   * @param shared the parse buffer shared by the streams of this thread
   */
  public DataStream(int maxBufferedBytes, MemoryBudget budget, SharedParseBuffer shared) {
    if (maxBufferedBytes < 1) {
      throw new IllegalArgumentException(
          "maxBufferedBytes must be at least 1, got " + maxBufferedBytes);
    }
    this.maxBufferedBytes = maxBufferedBytes;
    this.budget = Objects.requireNonNull(budget, "budget");
    this.pending = new PendingChunks(MAX_PENDING_CHUNKS, budget);
    this.shared = Objects.requireNonNull(shared, "shared");
  }

  /**
   * Adds one chunk and feeds whatever became contiguous to {@code consumer}.
   *
   * @param position the bytes this direction moved before the chunk
   * @param src holds the captured bytes; read during this call only
   * @param offset where the captured bytes start in {@code src}
   * @param captured how many bytes were copied, from the start of the chunk
   * @param size how many bytes the chunk spans in the stream, at least {@code captured}
   * @param timestampNanos when the call that moved the chunk returned
   * @return {@link StreamStatus#OVERFLOW} if the stream has overflowed, now or before
   * @throws IllegalStateException if the stream was closed, or the consumer claims more bytes
   *     than it was offered
   */
  public StreamStatus add(
      long position,
      byte[] src,
      int offset,
      int captured,
      long size,
      long timestampNanos,
      StreamConsumer consumer) {
    Objects.checkFromIndexSize(offset, captured, src.length);
    if (position < 0 || size < captured) {
      throw new IllegalArgumentException(
          "chunk must have position >= 0 and size >= captured, got position " + position
              + ", size " + size + ", captured " + captured);
    }
    checkOpen();
    if (overflowed) {
      overflowBytes += captured;
      return StreamStatus.OVERFLOW;
    }
    if (size == 0) {
      return StreamStatus.OK;
    }
    if (!started) {
      expected = position;
      started = true;
    }
    while (position > expected) {
      if (pending.offer(position, src, offset, captured, size, timestampNanos)) {
        return StreamStatus.OK;
      }
      boolean chunkIsNext = pending.isEmpty() || position < pending.first().position;
      long holeEnd = chunkIsNext ? position : pending.first().position;
      long holeTimestamp = chunkIsNext ? timestampNanos : pending.first().timestampNanos;
      lose(holeEnd - expected, holeTimestamp, consumer);
      if (applyReadyPending(consumer) == StreamStatus.OVERFLOW) {
        overflowBytes += captured;
        return StreamStatus.OVERFLOW;
      }
    }
    if (apply(position, src, offset, captured, size, timestampNanos, consumer)
        == StreamStatus.OVERFLOW) {
      return StreamStatus.OVERFLOW;
    }
    return applyReadyPending(consumer);
  }

  /**
   * Declares every hole before the chunks held out of order as {@link GapCause#LOST} and applies
   * those chunks. The tracker calls it when the kernel reports lost records and before close.
   *
   * @param timestampNanos the time to report the gaps at
   * @return {@link StreamStatus#OVERFLOW} if the stream has overflowed, now or before
   */
  public StreamStatus flushGaps(long timestampNanos, StreamConsumer consumer) {
    checkOpen();
    if (overflowed) {
      return StreamStatus.OVERFLOW;
    }
    while (!pending.isEmpty()) {
      long hole = pending.first().position - expected;
      if (hole > 0) {
        lose(hole, timestampNanos, consumer);
      }
      if (applyReadyPending(consumer) == StreamStatus.OVERFLOW) {
        return StreamStatus.OVERFLOW;
      }
    }
    return StreamStatus.OK;
  }

  /**
   * The stream ended at {@code endPosition} (the kernel's byte total for this direction when
   * the connection closed): holes still open are gaps, and so are bytes past the last chunk
   * that never arrived (a lost tail). A stream that never started learns nothing from it.
   */
  public StreamStatus finish(long endPosition, long timestampNanos, StreamConsumer consumer) {
    StreamStatus status = flushGaps(timestampNanos, consumer);
    if (status == StreamStatus.OK && started && endPosition > expected) {
      lose(endPosition - expected, timestampNanos, consumer);
    }
    return status;
  }

  /** Releases every byte this stream reserved from the budget. Safe to call more than once. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    dropAll();
  }

  /** Applies the held chunks that the expected position has reached. */
  private StreamStatus applyReadyPending(StreamConsumer consumer) {
    while (!pending.isEmpty() && pending.first().position <= expected) {
      PendingChunks.Chunk chunk = pending.removeFirst();
      StreamStatus status =
          apply(
              chunk.position,
              chunk.bytes,
              0,
              chunk.bytes.length,
              chunk.size,
              chunk.timestampNanos,
              consumer);
      if (status == StreamStatus.OVERFLOW) {
        return status;
      }
    }
    return StreamStatus.OK;
  }

  /** Applies a chunk that starts at or before the expected position. */
  private StreamStatus apply(
      long position,
      byte[] src,
      int offset,
      int captured,
      long size,
      long timestampNanos,
      StreamConsumer consumer) {
    long end = position + size;
    if (end <= expected) {
      duplicateBytes += size;
      return StreamStatus.OK;
    }
    long seen = expected - position;
    duplicateBytes += seen;
    if (seen < captured) {
      int skip = (int) seen;
      StreamStatus status =
          append(src, offset + skip, captured - skip, timestampNanos, consumer);
      if (status == StreamStatus.OVERFLOW) {
        return status;
      }
    }
    long missing = end - expected;
    if (missing > 0) {
      bytesNotCaptured += missing;
      gap(missing, GapCause.NOT_CAPTURED, timestampNanos, consumer);
    }
    return StreamStatus.OK;
  }

  /** Appends new bytes and offers them, in pieces if they do not fit the buffer at once. */
  private StreamStatus append(
      byte[] src, int from, int length, long timestampNanos, StreamConsumer consumer) {
    int next = from;
    int remaining = length;
    while (remaining > 0) {
      int piece = Math.min(remaining, maxBufferedBytes - buffered);
      if (piece == 0 || !budget.tryReserve(piece)) {
        return overflow(remaining);
      }
      expected += piece;
      bytesDelivered += piece;
      if (buffered == 0) {
        offerShared(src, next, piece, timestampNanos, consumer);
      } else {
        ensureCapacity(buffered + piece);
        System.arraycopy(src, next, buffer, buffered, piece);
        buffered += piece;
        offer(timestampNanos, consumer);
      }
      next += piece;
      remaining -= piece;
    }
    return StreamStatus.OK;
  }

  /**
   * Offers new bytes, with none unconsumed before them, from the shared parse buffer; keeps what
   * the consumer leaves in this stream's own.
   */
  private void offerShared(
      byte[] src, int from, int length, long timestampNanos, StreamConsumer consumer) {
    int consumed;
    try {
      consumed = checkConsumed(consumer.onData(shared.fill(src, from, length), timestampNanos), length);
    } catch (RuntimeException | Error e) {
      budget.release(length); // none of these bytes is held: the budget must not keep them
      throw e;
    } finally {
      shared.release();
    }
    budget.release(consumed);
    int left = length - consumed;
    if (left > 0) {
      ensureCapacity(left);
      System.arraycopy(src, from + consumed, buffer, 0, left);
      buffered = left;
    }
  }

  /** Offers the unconsumed bytes and drops what the consumer took. */
  private void offer(long timestampNanos, StreamConsumer consumer) {
    view.position(0).limit(buffered);
    int consumed = checkConsumed(consumer.onData(view, timestampNanos), buffered);
    if (consumed == 0) {
      return;
    }
    buffered -= consumed;
    System.arraycopy(buffer, consumed, buffer, 0, buffered);
    budget.release(consumed);
    if (buffered == 0 && buffer.length > RETAINED_CAPACITY) {
      freeBuffer();
    }
  }

  private static int checkConsumed(int consumed, int offered) {
    if (consumed < 0 || consumed > offered) {
      throw new IllegalStateException(
          "stream consumer claimed " + consumed + " bytes of the " + offered + " offered");
    }
    return consumed;
  }

  private void ensureCapacity(int needed) {
    if (needed <= buffer.length) {
      return;
    }
    int capacity = Math.max(buffer.length, Math.min(INITIAL_CAPACITY, maxBufferedBytes));
    while (capacity < needed) {
      capacity = (int) Math.min(2L * capacity, maxBufferedBytes);
    }
    buffer = Arrays.copyOf(buffer, capacity);
    view = readOnlyView(buffer);
  }

  private void lose(long length, long timestampNanos, StreamConsumer consumer) {
    bytesLost += length;
    gap(length, GapCause.LOST, timestampNanos, consumer);
  }

  /** Skips {@code length} missing bytes, discarding the unconsumed ones as the contract says. */
  private void gap(long length, GapCause cause, long timestampNanos, StreamConsumer consumer) {
    gaps++;
    expected += length;
    budget.release(buffered);
    buffered = 0;
    if (buffer.length > RETAINED_CAPACITY) {
      freeBuffer();
    }
    consumer.onGap(length, cause, timestampNanos);
  }

  private StreamStatus overflow(long unappendedBytes) {
    overflowed = true;
    overflowBytes += buffered + pending.heldBytes() + unappendedBytes;
    dropAll();
    return StreamStatus.OVERFLOW;
  }

  private void dropAll() {
    budget.release(buffered);
    buffered = 0;
    pending.clear();
    freeBuffer();
  }

  private void freeBuffer() {
    buffer = NO_BYTES;
    view = NO_VIEW;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("stream is closed");
    }
  }

  private static ByteBuffer readOnlyView(byte[] bytes) {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** The position the next in-order chunk starts at; meaningless before the first chunk. */
  public long expectedPosition() {
    return expected;
  }

  /** The bytes offered to the consumer and not consumed yet. */
  public int bufferedBytes() {
    return buffered;
  }

  /** The size of this stream's own parse buffer; 0 while it has none. */
  int bufferCapacity() {
    return buffer.length;
  }

  /** The chunks held because they arrived ahead of a hole. */
  public int pendingChunks() {
    return pending.count();
  }

  /** Whether the stream ran out of memory and stopped taking bytes. */
  public boolean overflowed() {
    return overflowed;
  }

  /** Captured bytes offered to the consumer, each counted once. */
  public long bytesDelivered() {
    return bytesDelivered;
  }

  /** Bytes reported in {@link GapCause#LOST} gaps. */
  public long bytesLost() {
    return bytesLost;
  }

  /** Bytes reported in {@link GapCause#NOT_CAPTURED} gaps. */
  public long bytesNotCaptured() {
    return bytesNotCaptured;
  }

  /** Gaps reported to the consumer, of either cause. */
  public long gaps() {
    return gaps;
  }

  /** Bytes of chunks that covered stream positions already passed, ignored. */
  public long duplicateBytes() {
    return duplicateBytes;
  }

  /**
   * Captured bytes dropped for want of memory: those held when the stream overflowed, the rest
   * of the chunk that overflowed it, and every captured byte added after.
   */
  public long overflowBytes() {
    return overflowBytes;
  }
}
