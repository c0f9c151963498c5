package io.sockscope.internal.pipeline;

import static io.sockscope.internal.record.RecordLayout.*;

import com.lmax.disruptor.EventHandler;
import io.sockscope.internal.conn.ConnectionTracker;
import io.sockscope.internal.conn.DataChunk;
import io.sockscope.internal.record.RecordDecoder;
import io.sockscope.spi.Direction;
import java.nio.ByteBuffer;

/**
 * One handler thread's share of the records: those of its connections, plus the records every
 * shard must see. Runs on its own Disruptor thread and owns its {@link ConnectionTracker}.
 * Public so that the benchmarks in {@code jmh/} can drive the handlers' real work without a
 * kernel; only {@link Capture} creates them in the tracer.
 */
public final class ShardHandler implements EventHandler<RecordEvent> {
  private final int index;
  private final ConnectionTracker tracker;
  private final StatsCounters stats;
  private final DataChunk chunk = new DataChunk();

  public ShardHandler(int index, ConnectionTracker tracker, StatsCounters stats) {
    this.index = index;
    this.tracker = tracker;
    this.stats = stats;
  }

  static int shardOf(int tgid, int fd, int shards) {
    return Math.floorMod(tgid * 31 + fd, shards);
  }

  @Override
  public void onEvent(RecordEvent event, long sequence, boolean endOfBatch) {
    if (event.shard != index && event.shard != RecordEvent.ALL_SHARDS || event.kind == RecordEvent.KIND_NONE) {
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
        int flags = record.getInt(DATA_FLAGS);
        chunk.direction = record.getInt(DATA_DIRECTION) == DIRECTION_SENT ? Direction.SENT : Direction.RECEIVED;
        chunk.position = record.getLong(DATA_POSITION);
        chunk.size = Integer.toUnsignedLong(record.getInt(DATA_SIZE));
        chunk.bytes = event.bytes();
        chunk.offset = DATA_PAYLOAD;
        chunk.captured = captured;
        chunk.timestampNanos = event.timestampNanos;
        chunk.datagram = (flags & DATA_FLAG_DATAGRAM) != 0;
        chunk.messageStart = (flags & DATA_FLAG_MESSAGE_START) != 0;
        chunk.skippedMessages = (flags & DATA_FLAG_SKIPPED_MESSAGES) != 0;
        chunk.messageSize = Integer.toUnsignedLong(record.getInt(DATA_MESSAGE_SIZE));
        chunk.peer = chunk.messageStart ? RecordDecoder.datagramPeer(record) : null;
        int source = record.getInt(DATA_SOURCE);
        chunk.tlsLibrary = source == SRC_TLS_WRITE || source == SRC_TLS_READ ? record.getInt(DATA_TLS_LIBRARY) : 0;
        tracker.onData(RecordDecoder.connectionKey(record), chunk);
        break;
      case KIND_CONN_CLOSE:
        tracker.onClose(RecordDecoder.connectionKey(record), record.getLong(CLOSE_BYTES_SENT),
            record.getLong(CLOSE_BYTES_RECEIVED), record.getLong(CLOSE_TLS_BYTES_SENT),
            record.getLong(CLOSE_TLS_BYTES_RECEIVED), event.timestampNanos);
        break;
      case KIND_PROC_EXIT:
      case KIND_PROC_EXEC: // exec closes the descriptor table sockscope knew
        tracker.onProcessExit(record.getInt(EXIT_TGID), event.timestampNanos);
        break;
      case KIND_BYPASS:
        tracker.onBypass(RecordDecoder.connectionKey(record),
            record.getInt(BYPASS_REASON) == BYPASS_SPLICE ? "bytes moved by splice, not captured"
                : "bytes moved by io_uring, not captured");
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
