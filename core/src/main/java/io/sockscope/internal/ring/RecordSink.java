package io.sockscope.internal.ring;

import java.nio.ByteBuffer;

/**
 * Receives the samples that {@link RingReader#drain} reads from the ring, on the reader's
 * thread.
 */
@FunctionalInterface
public interface RecordSink {

  /**
   * Takes one sample. The bytes live in the ring's memory and the kernel may overwrite them as
   * soon as this method returns, so copy what you need before returning.
   *
   * @param data the ring's data area, read-only; only {@code [offset, offset + length)} belongs
   *     to this sample, and its position and limit mean nothing
   * @param offset the index in {@code data} of the sample's first byte
   * @param length the sample's length in bytes
   */
  void accept(ByteBuffer data, int offset, int length);
}
