package io.sockscope.internal.stream;

import java.util.Arrays;

/**
 * The chunks of a {@link DataStream} that arrived ahead of a hole, copied and kept in position
 * order until the hole is filled or declared lost. Small and bounded: at most {@link
 * DataStream#MAX_PENDING_CHUNKS}, their bytes reserved from the shared budget. Confined to the
 * stream's thread.
 */
final class PendingChunks {

  /** One chunk held back: its captured bytes and the span it covers in the stream. */
  static final class Chunk {
    final long position;
    final byte[] bytes;
    final long size;
    final long timestampNanos;

    Chunk(long position, byte[] bytes, long size, long timestampNanos) {
      this.position = position;
      this.bytes = bytes;
      this.size = size;
      this.timestampNanos = timestampNanos;
    }
  }

  private static final Chunk[] NO_CHUNKS = new Chunk[0];

  private final MemoryBudget budget;
  private final int capacity;
  /** Allocated with the first chunk held: most streams never hold one. */
  private Chunk[] chunks = NO_CHUNKS;
  private int count;
  private long heldBytes;

  PendingChunks(int capacity, MemoryBudget budget) {
    this.capacity = capacity;
    this.budget = budget;
  }

  /**
   * Copies a chunk in, behind those with the same or a lower position. Returns false, holding
   * nothing, when the set is full or the budget refuses the bytes.
   */
  boolean offer(long position, byte[] src, int offset, int captured, long size, long timestamp) {
    if (count == capacity || !budget.tryReserve(captured)) {
      return false;
    }
    if (chunks.length == 0) {
      chunks = new Chunk[capacity];
    }
    heldBytes += captured;
    int index = count;
    while (index > 0 && chunks[index - 1].position > position) {
      chunks[index] = chunks[index - 1];
      index--;
    }
    chunks[index] =
        new Chunk(position, Arrays.copyOfRange(src, offset, offset + captured), size, timestamp);
    count++;
    return true;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** The chunk with the lowest position; the set must not be empty. */
  Chunk first() {
    return chunks[0];
  }

  /** Takes out the chunk with the lowest position and releases its bytes to the budget. */
  Chunk removeFirst() {
    Chunk first = chunks[0];
    count--;
    System.arraycopy(chunks, 1, chunks, 0, count);
    chunks[count] = null;
    heldBytes -= first.bytes.length;
    budget.release(first.bytes.length);
    return first;
  }

  /** Drops every chunk and releases its bytes to the budget. */
  void clear() {
    Arrays.fill(chunks, 0, count, null);
    count = 0;
    budget.release(heldBytes);
    heldBytes = 0;
  }

  int count() {
    return count;
  }

  /** The captured bytes held, all reserved from the budget. */
  long heldBytes() {
    return heldBytes;
  }
}
