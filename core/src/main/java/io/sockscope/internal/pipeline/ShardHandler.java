package io.sockscope.internal.pipeline;

import static io.sockscope.internal.record.RecordLayout.*;

import com.lmax.disruptor.EventHandler;
import io.sockscope.internal.conn.ConnectionTracker;
import io.sockscope.internal.record.RecordDecoder;
import io.sockscope.spi.Direction;
import java.nio.ByteBuffer;

/**
 * One handler thread's share of the records: those of its connections, plus the records every
 * shard must see. Runs on its own Disruptor thread and owns its {@link ConnectionTracker}.
 */
final class ShardHandler implements EventHandler<RecordEvent> {
  private final int index;
  private final ConnectionTracker tracker;
  private final StatsCounters stats;

  ShardHandler(int index, ConnectionTracker tracker, StatsCounters stats) {
    this.index = index;
    this.tracker = tracker;
    this.stats = stats;
  }

  static int shardOf(int tgid, int fd, int shards) {
    return Math.floorMod(tgid * 31 + fd, shards);
  }

  @Override
  public void onEvent(RecordEvent event, long sequence, boolean endOfBatch) {
    if (event.shard != index && event.shard != RecordEvent.ALL_SHARDS) {
      return;
    }
    if (event.kind == RecordEvent.KIND_KERNEL_LOSS) {
      tracker.onKernelLoss(event.timestampNanos);
      return;
    }
    ByteBuffer record = event.view();
    switch (event.kind) {
      case KIND_CONN_OPEN:
        tracker.onOpen(RecordDecoder.connectionKey(record), RecordDecoder.connection(record));
        break;
      case KIND_DATA:
        int captured = record.getInt(DATA_CAPTURED);
        if (DATA_PAYLOAD + captured > event.length()) {
          stats.corruptRecords.increment();
          return;
        }
        tracker.onData(
            RecordDecoder.connectionKey(record),
            record.getInt(DATA_DIRECTION) == DIRECTION_SENT ? Direction.SENT : Direction.RECEIVED,
            record.getLong(DATA_POSITION),
            event.bytes(),
            DATA_PAYLOAD,
            captured,
            Integer.toUnsignedLong(record.getInt(DATA_SIZE)),
            event.timestampNanos);
        break;
      case KIND_CONN_CLOSE:
        tracker.onClose(RecordDecoder.connectionKey(record), event.timestampNanos);
        break;
      case KIND_PROC_EXIT:
        tracker.onProcessExit(record.getInt(EXIT_TGID), event.timestampNanos);
        break;
      default:
        stats.corruptRecords.increment();
    }
  }

  @Override
  public void onShutdown() {
    tracker.clear();
  }
}
