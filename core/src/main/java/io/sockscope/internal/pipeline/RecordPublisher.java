package io.sockscope.internal.pipeline;

import static io.sockscope.internal.record.RecordLayout.*;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.sockscope.BackpressurePolicy;
import io.sockscope.internal.ring.RecordSink;
import java.nio.ByteBuffer;

/**
 * Copies each record the {@link io.sockscope.internal.ring.RingReader} hands over into the
 * next Disruptor slot, tagged with its shard, so the kernel's ring can advance at once. Used by
 * the ring reader thread only; a full Disruptor blocks it (the kernel then counts its losses).
 */
public final class RecordPublisher implements RecordSink {
  private final RingBuffer<RecordEvent> ring;
  private final int shards;
  private final StatsCounters stats;
  private final BackpressurePolicy backpressure;
  private final ExecListener execListener;
  /** Records were dropped since the last loss marker: the shards must hear of it. */
  private boolean droppedSinceMarker;

  /** Hears of every exec the kernel reports, on the ring reader thread; must not block. */
  public interface ExecListener {
    ExecListener NONE = (tgid, timestampNanos) -> {};

    void onExec(int tgid, long timestampNanos);
  }

  public RecordPublisher(RingBuffer<RecordEvent> ring, int shards, BackpressurePolicy backpressure, StatsCounters stats) {
    this(ring, shards, backpressure, stats, ExecListener.NONE);
  }

  public RecordPublisher(
      RingBuffer<RecordEvent> ring, int shards, BackpressurePolicy backpressure, StatsCounters stats, ExecListener execListener) {
    this.execListener = execListener;
    this.ring = ring;
    this.shards = shards;
    this.backpressure = backpressure;
    this.stats = stats;
  }

  @Override
  public void accept(ByteBuffer data, int offset, int length) {
    if (length < CONN_TGID) {
      stats.corruptRecords.increment();
      return;
    }
    int kind = data.getInt(offset + HEADER_KIND);
    if (length < minimumSize(kind)) {
      stats.corruptRecords.increment();
      return;
    }
    stats.records.increment();
    if (kind == KIND_DATA) {
      stats.bytesCaptured.add(Integer.toUnsignedLong(data.getInt(offset + DATA_CAPTURED)));
    } else if (kind == KIND_PROC_EXEC) {
      execListener.onExec(data.getInt(offset + EXIT_TGID), data.getLong(offset + HEADER_TIMESTAMP));
    }
    long sequence;
    if (backpressure == BackpressurePolicy.BLOCK) {
      sequence = ring.next();
    } else {
      try {
        if (droppedSinceMarker) {
          publishLoss(ring.tryNext(), System.nanoTime());
          droppedSinceMarker = false;
        }
        sequence = ring.tryNext();
      } catch (InsufficientCapacityException full) {
        stats.recordsDroppedBehind.increment();
        droppedSinceMarker = true;
        return;
      }
    }
    try {
      RecordEvent event = ring.get(sequence);
      event.copyFrom(data, offset, length);
      event.kind = kind;
      event.timestampNanos = data.getLong(offset + HEADER_TIMESTAMP);
      event.shard = kind == KIND_PROC_EXIT || kind == KIND_PROC_EXEC
          ? RecordEvent.ALL_SHARDS
          : ShardHandler.shardOf(data.getInt(offset + CONN_TGID), data.getInt(offset + CONN_FD), shards);
    } finally {
      ring.publish(sequence);
    }
  }

  /** Tells every shard that the kernel lost records, so open holes become gaps. */
  public void publishKernelLoss(long timestampNanos) {
    publishLoss(ring.next(), timestampNanos);
  }

  private void publishLoss(long sequence, long timestampNanos) {
    try {
      ring.get(sequence).marker(RecordEvent.KIND_KERNEL_LOSS, timestampNanos);
    } finally {
      ring.publish(sequence);
    }
  }
}
