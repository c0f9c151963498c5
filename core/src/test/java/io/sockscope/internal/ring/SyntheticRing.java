package io.sockscope.internal.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A ring buffer in plain direct memory, written the way the kernel's {@code bpf_ringbuf_reserve}
 * and {@code bpf_ringbuf_submit}/{@code _discard} write it: the header first with the busy bit,
 * the producer position moved past the whole record, then the sample, then the header again
 * without the busy bit. Every byte of the data area is written to both halves, as the double
 * mapping shows it, so a record that wraps around the end reads contiguously.
 */
final class SyntheticRing {
  final int size;
  final ByteBuffer consumerPage = aligned(64);
  final ByteBuffer producerPage = aligned(64);
  final ByteBuffer data;

  SyntheticRing(int size) {
    this.size = size;
    this.data = aligned(2 * size);
  }

  RingReader reader() {
    return new RingReader(consumerPage, producerPage, data, size);
  }

  /** A direct buffer that starts on an 8-byte boundary, as a mapping does. */
  static ByteBuffer aligned(int capacity) {
    return ByteBuffer.allocateDirect(capacity + 8).alignedSlice(8).limit(capacity).slice()
        .order(ByteOrder.nativeOrder());
  }

  long producerPosition() {
    return producerPage.getLong(0);
  }

  long consumerPosition() {
    return consumerPage.getLong(0);
  }

  /** Reserves, fills and commits one record; returns where its header is. */
  long submit(byte[] sample) {
    long position = reserve(sample);
    commit(position);
    return position;
  }

  /** Reserves, fills and discards one record; returns where its header is. */
  long discard(byte[] sample) {
    long position = reserve(sample);
    writeHeader(position, sample.length | RingReader.DISCARD_BIT);
    return position;
  }

  /** Reserves a record and writes its sample, leaving the busy bit set. */
  long reserve(byte[] sample) {
    long position = producerPosition();
    writeHeader(position, sample.length | RingReader.BUSY_BIT);
    producerPage.putLong(0, position + RingReader.recordSize(sample.length));
    int start = (int) (position & (size - 1)) + RingReader.HEADER_SIZE;
    for (int i = 0; i < sample.length; i++) {
      put(start + i, sample[i]);
    }
    return position;
  }

  /** Clears the busy bit of the record whose header is at {@code position}. */
  void commit(long position) {
    int header = data.getInt((int) (position & (size - 1)));
    writeHeader(position, header & ~RingReader.BUSY_BIT);
  }

  /** Writes a raw header, as a corrupting bug would. */
  void writeHeader(long position, int lengthAndFlags) {
    int offset = (int) (position & (size - 1));
    ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    header.putInt(0, lengthAndFlags).putInt(4, 0);
    for (int i = 0; i < 8; i++) {
      put(offset + i, header.get(i));
    }
  }

  /** Moves both positions, as if {@code bytes} had been produced and consumed already. */
  void skip(long bytes) {
    producerPage.putLong(0, producerPosition() + bytes);
    consumerPage.putLong(0, consumerPosition() + bytes);
  }

  private void put(int index, byte value) {
    int first = index & (size - 1);
    data.put(first, value);
    data.put(first + size, value);
  }
}
