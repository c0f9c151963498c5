package io.sockscope.jmh;

import io.sockscope.internal.ring.RingReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A BPF ring buffer in plain direct memory, laid out as the kernel lays it out (consumer page,
 * producer page, a data area the reader sees twice over), filled once with committed records and
 * replayed as often as needed: {@link #rewind} puts both positions back to the start, as if the
 * kernel had just written the same records again. Records never wrap around the end of the data
 * area, so only its first half is written.
 */
final class SyntheticRing {
  /** Record header: u32 length (bit 31 busy, bit 30 discarded), u32 page offset. */
  private static final int HEADER_SIZE = 8;

  final ByteBuffer consumerPage = aligned(64);
  final ByteBuffer producerPage = aligned(64);
  private final ByteBuffer data;
  private final int size;
  private int filled;
  private int records;
  private long sampleBytes;

  /** A ring whose data area holds {@code size} bytes: a power of two. */
  SyntheticRing(int size) {
    this.size = size;
    this.data = aligned(2 * size);
  }

  /** The smallest ring that holds records of these sample lengths, and a little more. */
  static int sizeFor(long sampleBytes, int records) {
    long needed = sampleBytes + (long) records * (HEADER_SIZE + 7);
    return Integer.highestOneBit((int) Math.min(needed, 1 << 29)) << 1;
  }

  RingReader reader() {
    return new RingReader(consumerPage, producerPage, data, size);
  }

  /** Appends a committed record whose sample is {@code sample}. */
  void append(byte[] sample) {
    int recordSize = (HEADER_SIZE + sample.length + 7) & ~7;
    if (filled + recordSize > size) {
      throw new IllegalStateException("a " + size + "-byte ring cannot take a record of " + sample.length
          + " bytes after " + filled + " bytes");
    }
    data.putInt(filled, sample.length).putInt(filled + 4, 0);
    data.put(filled + HEADER_SIZE, sample);
    filled += recordSize;
    records++;
    sampleBytes += sample.length;
    rewind();
  }

  /** Makes every appended record unread again: the consumer at 0, the producer past the last. */
  void rewind() {
    consumerPage.putLong(0, 0);
    producerPage.putLong(0, filled);
  }

  int records() {
    return records;
  }

  /** The bytes of all samples, headers and padding left out. */
  long sampleBytes() {
    return sampleBytes;
  }

  /** A direct buffer that starts on an 8-byte boundary, as a mapping does. */
  private static ByteBuffer aligned(int capacity) {
    return ByteBuffer.allocateDirect(capacity + 8).alignedSlice(8).limit(capacity).slice()
        .order(ByteOrder.nativeOrder());
  }
}
