package io.sockscope.internal.stream;

import java.nio.ByteBuffer;

/**
 * Takes the ordered bytes of one {@link DataStream}, with the contract of {@link
 * io.sockscope.spi.ParserSession#onData} and {@link io.sockscope.spi.ParserSession#onGap} for
 * one direction. Called on the stream's thread, from inside {@link DataStream#add} and {@link
 * DataStream#flushGaps}.
 */
public interface StreamConsumer {

  /**
   * Offers the bytes not consumed yet: those left over from earlier calls followed by those
   * that just arrived.
   *
   * @param data the unconsumed bytes from position 0 to its limit, read-only; valid only during
   *     this call
   * @param timestampNanos when the newest of these bytes were transferred
   * @return how many bytes from the start of {@code data} were consumed, between 0 and {@code
   *     data.remaining()}; the rest are offered again with more behind them
   */
  int onData(ByteBuffer data, long timestampNanos);

  /**
   * Reports that {@code length} bytes, at least 1, will never arrive. The bytes offered before
   * and not consumed are discarded with them.
   */
  void onGap(long length, GapCause cause, long timestampNanos);
}
