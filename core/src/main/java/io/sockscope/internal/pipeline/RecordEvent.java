package io.sockscope.internal.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A preallocated Disruptor slot holding one record copied out of the kernel's ring buffer.
 * Its array grows to the largest record it has held, so a full ring of small records costs
 * little memory. Written by the ring reader thread, then read by the handler threads, with
 * the Disruptor's sequence barriers ordering the two.
 */
public final class RecordEvent {
  /** {@link #shard} of a record every handler must see. */
  public static final int ALL_SHARDS = -1;
  /** {@link #kind} of the marker the reader publishes when the kernel reports lost records. */
  public static final int KIND_KERNEL_LOSS = -1;
  /** {@link #kind} of a slot that holds nothing: the copy into it failed. Handlers skip it. */
  public static final int KIND_NONE = -2;

  private static final int INITIAL_CAPACITY = 512;

  private byte[] bytes = new byte[INITIAL_CAPACITY];
  private ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  private int length;
  int shard;
  int kind;
  long timestampNanos;

  void copyFrom(ByteBuffer source, int offset, int length) {
    if (length > bytes.length) {
      bytes = new byte[Math.max(length, bytes.length * 2)];
      view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    source.get(offset, bytes, 0, length);
    this.length = length;
  }

  void marker(int kind, long timestampNanos) {
    this.kind = kind;
    this.shard = ALL_SHARDS;
    this.length = 0;
    this.timestampNanos = timestampNanos;
  }

  /** The record's bytes, little-endian; only the first {@link #length()} are valid. */
  public ByteBuffer view() {
    return view;
  }

  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return length;
  }
}
