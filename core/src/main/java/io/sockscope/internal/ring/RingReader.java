package io.sockscope.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Decodes the records of one BPF ring buffer ({@code BPF_MAP_TYPE_RINGBUF}) straight from its
 * mapped memory, the way libbpf's {@code ringbuf_process_ring} does, without a native call.
 *
 * <p>The memory is three regions, each wrapped once in a direct {@link ByteBuffer}:
 *
 * <ul>
 *   <li>the consumer page: a u64 {@code consumer_pos} at offset 0, written only by this reader;
 *   <li>the producer page: a u64 {@code producer_pos} at offset 0, written by the kernel;
 *   <li>the data area of {@code size} bytes, mapped twice back to back so that a record that
 *       wraps around the end is contiguous: one buffer of {@code 2 * size} bytes.
 * </ul>
 *
 * <p>A record starts at {@code consumer_pos & (size - 1)} with an 8-byte header: a u32 length
 * whose bit 31 means busy (reserved, not committed yet) and bit 30 means discarded, then a u32
 * the reader ignores. The sample follows the header, and the record takes the header plus the
 * sample rounded up to 8 bytes. {@code producer_pos} and the header are read with acquire loads;
 * {@code consumer_pos} is written with a release store after each record, and a full fence ends
 * each drain, so that a waiter that checks {@link #hasData()} before it sleeps cannot miss the
 * kernel's wake-up. All
 * values are in the CPU's byte order, as the kernel writes them (little endian on x86-64 and
 * arm64).
 *
 * <p>Lengths are checked against the ring and the producer position before anything is read, so
 * a corrupt ring raises {@link RingCorruptedException} instead of reading outside the record.
 *
 * <p>Confined to one thread, the ring's reader: {@link #drain} and {@link #hasData} must not be
 * called concurrently. The reader does not own the mapping; whoever mapped it unmaps it after
 * the reader thread has stopped.
 */
public final class RingReader {
  /** The length of the record header: u32 length with the flag bits, u32 page offset. */
  static final int HEADER_SIZE = 8;
  /** Set in the header while the record is reserved but not committed. */
  static final int BUSY_BIT = 1 << 31;
  /** Set in the header of a record the producer gave up: skip it, but move past it. */
  static final int DISCARD_BIT = 1 << 30;
  /** The largest data area whose double mapping a {@link ByteBuffer} can span. */
  static final int MAX_SIZE = 1 << 30;

  private static final VarHandle LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final VarHandle INT =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

  private final ByteBuffer consumerPage;
  private final ByteBuffer producerPage;
  private final ByteBuffer data;
  private final ByteBuffer samples;
  private final int size;
  private final long mask;

  /**
   * Wraps the mapped regions of one ring.
   *
   * @param consumerPage the consumer page, writable, at least 8 bytes
   * @param producerPage the producer page, at least 8 bytes; may be read-only
   * @param data the data area mapped twice, at least {@code 2 * size} bytes; may be read-only
   * @param size the size of the data area: a power of two, at most 2^30
   * @throws IllegalArgumentException if a buffer is not direct, not 8-byte aligned, too small,
   *     or the consumer page is read-only, or {@code size} is not a power of two in range
   */
  public RingReader(ByteBuffer consumerPage, ByteBuffer producerPage, ByteBuffer data, int size) {
    Objects.requireNonNull(consumerPage, "consumerPage");
    Objects.requireNonNull(producerPage, "producerPage");
    Objects.requireNonNull(data, "data");
    if (size < HEADER_SIZE || size > MAX_SIZE || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException(
          "ring size must be a power of two between " + HEADER_SIZE + " and " + MAX_SIZE
              + ", got " + size);
    }
    checkRegion("consumer page", consumerPage, Long.BYTES);
    checkRegion("producer page", producerPage, Long.BYTES);
    checkRegion("data area", data, 2 * size);
    if (consumerPage.isReadOnly()) {
      throw new IllegalArgumentException(
          "consumer page must be writable: map it with PROT_READ | PROT_WRITE");
    }
    this.consumerPage = consumerPage;
    this.producerPage = producerPage;
    this.data = data;
    this.samples = data.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    this.size = size;
    this.mask = size - 1;
  }

  private static void checkRegion(String name, ByteBuffer buffer, int minCapacity) {
    if (!buffer.isDirect()) {
      throw new IllegalArgumentException(
          name + " must be a direct buffer over the mapped memory, got a heap buffer");
    }
    if (buffer.capacity() < minCapacity) {
      throw new IllegalArgumentException(
          name + " must hold at least " + minCapacity + " bytes, got " + buffer.capacity());
    }
    if (buffer.alignmentOffset(0, Long.BYTES) != 0) {
      throw new IllegalArgumentException(name + " must start on an 8-byte boundary");
    }
  }

  /**
   * Hands every committed record to {@code sink} in ring order, moving the consumer position
   * past each one after the sink returns, and keeps going while the producer adds more. Stops at
   * the first record that is still busy, or when the ring is empty. Discarded records are
   * skipped, and the consumer position moves past them too.
   *
   * <p>If the sink throws, the exception propagates and the consumer position stays before the
   * record the sink was given.
   *
   * @return how many samples were handed to the sink
   * @throws RingCorruptedException if a record is longer than the ring or reaches past the
   *     producer position; the consumer position stays before that record
   */
  public int drain(RecordSink sink) {
    Objects.requireNonNull(sink, "sink");
    long consumer = (long) LONG.getAcquire(consumerPage, 0);
    int delivered = 0;
    boolean progressed;
    do {
      progressed = false;
      long producer = (long) LONG.getAcquire(producerPage, 0);
      while (Long.compareUnsigned(consumer, producer) < 0) {
        int offset = (int) (consumer & mask);
        int header = (int) INT.getAcquire(data, offset);
        if ((header & BUSY_BIT) != 0) {
          VarHandle.fullFence();
          return delivered;
        }
        int length = header & ~(BUSY_BIT | DISCARD_BIT);
        long next = consumer + recordSize(length);
        checkRecord(consumer, producer, length, next);
        progressed = true;
        if ((header & DISCARD_BIT) == 0) {
          sink.accept(samples, offset + HEADER_SIZE, length);
          delivered++;
        }
        consumer = next;
        LONG.setRelease(consumerPage, 0, consumer);
      }
    } while (progressed);
    VarHandle.fullFence();
    return delivered;
  }

  private void checkRecord(long consumer, long producer, int length, long next) {
    if (length > size - HEADER_SIZE) {
      throw new RingCorruptedException(
          "ring record at consumer position " + Long.toUnsignedString(consumer)
              + " claims " + length + " bytes, more than the ring's " + size
              + " bytes can hold (producer position " + Long.toUnsignedString(producer) + ")");
    }
    if (Long.compareUnsigned(next, producer) > 0) {
      throw new RingCorruptedException(
          "ring record at consumer position " + Long.toUnsignedString(consumer) + " of "
              + length + " bytes ends at " + Long.toUnsignedString(next)
              + ", past the producer position " + Long.toUnsignedString(producer));
    }
  }

  /** Whether the producer has written past the consumer: a record is committed or on its way. */
  public boolean hasData() {
    long producer = (long) LONG.getAcquire(producerPage, 0);
    long consumer = (long) LONG.getAcquire(consumerPage, 0);
    return Long.compareUnsigned(consumer, producer) < 0;
  }

  /** The size of the data area in bytes. */
  public int size() {
    return size;
  }

  /** The bytes a record with a sample of {@code length} bytes takes in the ring. */
  static long recordSize(int length) {
    return ((long) length + HEADER_SIZE + 7) & ~7L;
  }
}
