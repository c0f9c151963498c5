package io.sockscope.jmh;

import io.sockscope.Exchange;
import io.sockscope.internal.conn.ConnectionKey;
import io.sockscope.internal.conn.ConnectionTracker;
import io.sockscope.internal.conn.KernelSwitch;
import io.sockscope.internal.conn.StreamLimits;
import io.sockscope.internal.pipeline.ShardHandler;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.internal.ring.RingReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * The whole Java side on one thread, from the kernel's ring to the exchange callback: {@link
 * RingReader} → {@code RecordPublisher} (copy into a Disruptor slot) → {@link ShardHandler}
 * ({@code RecordDecoder}) → {@link ConnectionTracker} → {@code DataStream} → protocol inference and
 * the HTTP parser → the {@link Exchange} callback (see {@link SameThreadPipeline}).
 *
 * <p>The ring holds what the kernel would write while nginx serves {@value #EXCHANGES} small
 * exchanges on {@code connections} connections at once: an open record per connection, then for
 * each exchange a data record of the request read and one of the response written (the recorded
 * curl/nginx bytes: 89 to 109 bytes of request, 282 to 482 of response), connections interleaved,
 * then a close record per connection. Every parser the class path provides takes part in
 * inference, as in the tracer.
 *
 * <p>The score is exchanges per second on one core; the target is 300,000. Run with {@code
 * -prof gc}: {@code gc.alloc.rate.norm} is then the bytes allocated per exchange, its share of the
 * connection's open and close included.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PipelineBenchmark {
  static final int EXCHANGES = 10_000;
  private static final int SERVER_PORT = 8080;

  /** 10: long keep-alive connections; 10000: one exchange per connection, as curl makes them. */
  @Param({"10", "1000", "10000"})
  public int connections;

  private SyntheticRing ring;
  private RingReader reader;
  private SameThreadPipeline pipeline;
  private int exchangesSeen;
  private @Nullable Exchange lastExchange;

  @Setup
  public void setUp() {
    List<byte[]> records = records(Recording.CURL_NGINX_KEEPALIVE.traffic());
    long sampleBytes = records.stream().mapToLong(record -> record.length).sum();
    ring = new SyntheticRing(SyntheticRing.sizeFor(sampleBytes, records.size()));
    records.forEach(ring::append);
    reader = ring.reader();
    StatsCounters stats = new StatsCounters();
    ConnectionTracker tracker = new ConnectionTracker(BundledParsers.all(),
        new StreamLimits(1 << 20, 64L << 20, 4096), stats, this::onExchange, KernelSwitch.NONE);
    pipeline = new SameThreadPipeline(new ShardHandler(0, tracker, stats), stats, 4096);
  }

  private void onExchange(Exchange exchange) {
    lastExchange = exchange;
    exchangesSeen++;
  }

  private List<byte[]> records(RecordedTraffic traffic) {
    List<byte[]> requests = new ArrayList<>();
    List<byte[]> responses = new ArrayList<>();
    traffic.reads().forEach(read -> (read.fromClient() ? requests : responses).add(read.bytes()));
    ConnectionKey[] keys = new ConnectionKey[connections];
    long[] received = new long[connections];
    long[] sent = new long[connections];
    List<byte[]> records = new ArrayList<>();
    long time = 0;
    for (int c = 0; c < connections; c++) {
      keys[c] = new ConnectionKey(1200, 100 + c, 1L);
      records.add(SyntheticRecords.open(keys[c], "nginx", SERVER_PORT, 30_000 + c % 30_000, ++time));
    }
    for (int i = 0; i < EXCHANGES; i++) {
      int c = i % connections;
      byte[] request = requests.get(i % requests.size());
      byte[] response = responses.get(i % responses.size());
      records.add(SyntheticRecords.data(keys[c], false, received[c], request, ++time));
      records.add(SyntheticRecords.data(keys[c], true, sent[c], response, ++time));
      received[c] += request.length;
      sent[c] += response.length;
    }
    for (int c = 0; c < connections; c++) {
      records.add(SyntheticRecords.close(keys[c], sent[c], received[c], ++time));
    }
    return records;
  }

  @Benchmark
  @OperationsPerInvocation(EXCHANGES)
  public @Nullable Exchange recordsToExchanges() {
    ring.rewind();
    int before = exchangesSeen;
    reader.drain(pipeline);
    if (exchangesSeen - before != EXCHANGES) {
      throw new IllegalStateException("the pipeline made " + (exchangesSeen - before) + " of " + EXCHANGES
          + " exchanges from the ring");
    }
    return lastExchange;
  }
}
