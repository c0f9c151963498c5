package io.sockscope.jmh;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.sockscope.BackpressurePolicy;
import io.sockscope.internal.pipeline.RecordEvent;
import io.sockscope.internal.pipeline.RecordPublisher;
import io.sockscope.internal.pipeline.ShardHandler;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.internal.ring.RecordSink;
import java.nio.ByteBuffer;

/**
 * The tracer's Java pipeline with its two threads folded into one: each record the ring reader
 * hands over is copied into a Disruptor slot by the real {@link RecordPublisher}, then handed at
 * once to the real {@link ShardHandler} of the only shard, which decodes it and drives the
 * connection tracker, the streams and the parsers. What is left out is the handoff between the
 * reader thread and the handler thread.
 */
final class SameThreadPipeline implements RecordSink {
  private final RingBuffer<RecordEvent> events;
  private final RecordPublisher publisher;
  private final ShardHandler handler;

  SameThreadPipeline(ShardHandler handler, StatsCounters stats, int slots) {
    this.events = RingBuffer.createSingleProducer(RecordEvent::new, slots, new BlockingWaitStrategy());
    this.publisher = new RecordPublisher(events, 1, BackpressurePolicy.BLOCK, stats);
    this.handler = handler;
  }

  @Override
  public void accept(ByteBuffer data, int offset, int length) {
    long handled = events.getCursor();
    publisher.accept(data, offset, length);
    publisher.flush();
    for (long sequence = handled + 1; sequence <= events.getCursor(); sequence++) {
      handler.onEvent(events.get(sequence), sequence, true);
    }
  }
}
