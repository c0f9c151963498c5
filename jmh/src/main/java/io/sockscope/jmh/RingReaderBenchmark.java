package io.sockscope.jmh;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.sockscope.BackpressurePolicy;
import io.sockscope.internal.conn.ConnectionKey;
import io.sockscope.internal.pipeline.RecordEvent;
import io.sockscope.internal.pipeline.RecordPublisher;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.internal.ring.RingReader;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ring reader thread's work per record: {@link RingReader} decodes a ring of data records and
 * hands each to the real {@link RecordPublisher}, which checks it, counts it, and copies it into
 * the next slot of a Disruptor ring buffer before the consumer position moves.
 *
 * <p>The score is records per second ({@code megabytes}: MB/s of samples copied, see {@link
 * CopiedBytes}). Each operation rewinds a ring of {@value #RECORDS} records carrying {@code
 * payloadBytes} of socket data each (plus the 88-byte data record header) and drains it. The
 * Disruptor has no handler here, so publishing never waits: this is the reader's cost alone; the
 * handlers' is {@link PipelineBenchmark}'s. Its {@value #SLOTS} slots each grow to the largest
 * record, as in the tracer, so 16 KiB records cycle through some 17 MB of slots.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RingReaderBenchmark {
  static final int RECORDS = 256;
  static final int SLOTS = 1024;
  /** Records go to this many connections, so the publisher's shard choice varies. */
  private static final int CONNECTIONS = 16;

  @Param({"64", "1024", "16384"})
  public int payloadBytes;

  private SyntheticRing ring;
  private RingReader reader;
  private RecordPublisher publisher;

  @Setup
  public void setUp() {
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'x');
    byte[][] records = new byte[RECORDS][];
    long sampleBytes = 0;
    for (int i = 0; i < RECORDS; i++) {
      ConnectionKey key = new ConnectionKey(1200, 100 + i % CONNECTIONS, 1L);
      records[i] = SyntheticRecords.data(key, true, (long) (i / CONNECTIONS) * payloadBytes, payload, i);
      sampleBytes += records[i].length;
    }
    ring = new SyntheticRing(SyntheticRing.sizeFor(sampleBytes, RECORDS));
    for (byte[] record : records) {
      ring.append(record);
    }
    reader = ring.reader();
    RingBuffer<RecordEvent> events = RingBuffer.createSingleProducer(RecordEvent::new, SLOTS, new BlockingWaitStrategy());
    publisher = new RecordPublisher(events, 4, BackpressurePolicy.BLOCK, new StatsCounters());
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int drain(CopiedBytes counters) {
    ring.rewind();
    int delivered = reader.drain(publisher);
    publisher.flush();
    if (delivered != RECORDS) {
      throw new IllegalStateException("the reader delivered " + delivered + " of " + RECORDS + " records");
    }
    counters.megabytes += ring.sampleBytes() / 1e6;
    return delivered;
  }
}
