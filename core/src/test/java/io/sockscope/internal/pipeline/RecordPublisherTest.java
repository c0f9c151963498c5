package io.sockscope.internal.pipeline;

import static io.sockscope.internal.record.RecordLayout.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.sockscope.BackpressurePolicy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RecordPublisherTest {
  private final RingBuffer<RecordEvent> ring =
      RingBuffer.createSingleProducer(RecordEvent::new, 64, new BlockingWaitStrategy());
  private final StatsCounters stats = new StatsCounters();
  private final RecordPublisher publisher = new RecordPublisher(ring, 2, BackpressurePolicy.BLOCK, stats);

  @Test
  void recordsWaitForTheFlushBeforeTheHandlersSeeThem() {
    for (int i = 0; i < 3; i++) {
      publish(dataRecord(100 + i, 1_000 + i, "abc"));
    }
    assertEquals(-1, ring.getCursor(), "nothing is published before the flush");
    assertEquals(3, stats.records.sum(), "but every record is counted");

    publisher.flush();
    assertEquals(2, ring.getCursor());
    for (int i = 0; i < 3; i++) {
      RecordEvent event = ring.get(i);
      assertEquals(KIND_DATA, event.kind);
      assertEquals(1_000 + i, event.timestampNanos);
      assertEquals(ShardHandler.shardOf(4321, 100 + i, 2), event.shard);
      assertEquals(DATA_PAYLOAD + 3, event.length());
      assertEquals(100 + i, event.view().getInt(CONN_FD));
      assertEquals('c', event.bytes()[DATA_PAYLOAD + 2]);
    }
    publisher.flush();
    assertEquals(2, ring.getCursor(), "a flush with nothing new publishes nothing");
  }

  @Test
  void aFullBatchIsPublishedWithoutWaitingForTheFlush() {
    assertEquals(16, publisher.batchSize(), "a quarter of the 64 slots");
    for (int i = 0; i < publisher.batchSize() + 1; i++) {
      publish(dataRecord(7, i, "x"));
    }
    assertEquals(publisher.batchSize() - 1, ring.getCursor(), "the full batch, not the record after it");
  }

  @Test
  void aKernelLossMarkerComesAfterTheRecordsBeforeItAndPublishesThem() {
    publish(dataRecord(7, 1, "x"));
    publish(dataRecord(7, 2, "y"));
    publisher.publishKernelLoss(3);

    assertEquals(2, ring.getCursor());
    assertEquals(KIND_DATA, ring.get(0).kind);
    assertEquals(KIND_DATA, ring.get(1).kind);
    assertEquals(RecordEvent.KIND_KERNEL_LOSS, ring.get(2).kind);
    assertEquals(RecordEvent.ALL_SHARDS, ring.get(2).shard);
    publisher.flush();
    assertEquals(2, ring.getCursor(), "nothing was left to publish");
  }

  @Test
  void aTruncatedRecordIsCountedAsCorruptAndTakesNoSlot() {
    ByteBuffer record = dataRecord(7, 1, "x");
    publisher.accept(record, 0, CONN_TGID - 1);
    publisher.flush();
    assertEquals(1, stats.corruptRecords.sum());
    assertEquals(-1, ring.getCursor());
  }

  private void publish(ByteBuffer record) {
    publisher.accept(record, 0, record.capacity());
  }

  private static ByteBuffer dataRecord(int fd, long timestampNanos, String payload) {
    ByteBuffer record = ByteBuffer.allocate(DATA_PAYLOAD + payload.length()).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt(HEADER_KIND, KIND_DATA);
    record.putLong(HEADER_TIMESTAMP, timestampNanos);
    record.putInt(CONN_TGID, 4321);
    record.putInt(CONN_FD, fd);
    record.putInt(DATA_SIZE, payload.length());
    record.putInt(DATA_CAPTURED, payload.length());
    for (int i = 0; i < payload.length(); i++) {
      record.put(DATA_PAYLOAD + i, (byte) payload.charAt(i));
    }
    return record;
  }
}
