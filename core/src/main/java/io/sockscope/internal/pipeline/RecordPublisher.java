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
 *
 * <p>Slots are published in batches, at most {@link #batchSize()} at a time and at each {@link
 * #flush()}: publishing wakes the handlers, and a wake-up per record would cost more than the
 * record. The Disruptor has a single producer, so publishing a slot publishes every slot
 * claimed before it.
 */
public final class RecordPublisher implements RecordSink {
  private static final int MAX_BATCH = 256;

  private final RingBuffer<RecordEvent> ring;
  private final int batchSize;
  /** The last slot claimed and filled; published up to here at the next flush. */
  private long lastClaimed = -1;
  private int unpublished;
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
    // Fewer than the Disruptor's slots are ever claimed unpublished: next() waits for the
    // handlers, who cannot reach a slot that is not published.
    this.batchSize = Math.max(1, Math.min(MAX_BATCH, ring.getBufferSize() / 4));
  }

  /** The most records copied into slots before they are published. */
  public int batchSize() {
    return batchSize;
  }

  /** Publishes the slots filled since the last publication, waking the handlers once. */
  public void flush() {
    if (unpublished > 0) {
      ring.publish(lastClaimed);
      unpublished = 0;
    }
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
    RecordEvent event = ring.get(sequence);
    try {
      event.copyFrom(data, offset, length);
      event.kind = kind;
      event.timestampNanos = data.getLong(offset + HEADER_TIMESTAMP);
      event.shard = kind == KIND_PROC_EXIT || kind == KIND_PROC_EXEC
          ? RecordEvent.ALL_SHARDS
          : ShardHandler.shardOf(data.getInt(offset + CONN_TGID), data.getInt(offset + CONN_FD), shards);
    } catch (RuntimeException | Error e) {
      event.marker(RecordEvent.KIND_NONE, 0); // the claimed slot is published all the same
      throw e;
    } finally {
      lastClaimed = sequence;
      if (++unpublished >= batchSize) {
        flush();
      }
    }
  }

  /** Tells every shard that the kernel lost records, so open holes become gaps. */
  public void publishKernelLoss(long timestampNanos) {
    publishLoss(ring.next(), timestampNanos);
  }

  private void publishLoss(long sequence, long timestampNanos) {
    ring.get(sequence).marker(RecordEvent.KIND_KERNEL_LOSS, timestampNanos);
    ring.publish(sequence); // and every slot claimed before it
    unpublished = 0;
  }
}
