package io.sockscope.jmh;

import io.netty.channel.ChannelHandler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A sockscope parser beside netty's decoder for the same protocol, on the same recorded bytes
 * delivered the same way ({@code delivery}). A subclass names the recording and netty's decoders;
 * its benchmarks are {@code sockscope} and {@code netty}.
 *
 * <p>One operation replays the whole recording. The primary score is replays per second; the
 * {@code megabytes} and {@code exchanges} rates beside it are MB/s and exchanges/s (see {@link
 * ParsedThroughput}). The sockscope parser is found through ServiceLoader and fed through the SPI
 * as the tracer feeds it ({@link SessionReplay}); netty decodes every message whole and releases
 * it ({@link NettyReplay}). Both must complete every exchange of the recording on every replay, or
 * the benchmark fails.
 *
 * <p>Netty runs as its own microbenchmarks run it, without its leak detector, which would
 * otherwise record a stack trace for one buffer in 128.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public abstract class NettyComparison {
  @Param
  public Delivery delivery;

  private SessionReplay sockscope;
  private NettyReplay netty;

  /** The recording both decode. */
  abstract Recording recording();

  /** Netty's handlers for the client's bytes, first to last, new for each channel. */
  abstract ChannelHandler[] requestDecoders();

  /** Netty's handlers for the server's bytes, first to last, new for each channel. */
  abstract ChannelHandler[] responseDecoders();

  /**
   * Whether an object netty's handlers put out ends a whole message. Throws if it reports a
   * decoding failure, or is a part that the handlers should have aggregated.
   */
  abstract boolean completesMessage(Object decoded);

  @Setup
  public void setUp() {
    sockscope = new SessionReplay(recording(), delivery);
    netty = new NettyReplay(recording(), delivery, this::requestDecoders, this::responseDecoders, this::completesMessage);
  }

  @Benchmark
  public int sockscope(ParsedThroughput counters) {
    return sockscope.replay(counters);
  }

  @Benchmark
  public int netty(ParsedThroughput counters) {
    return netty.replay(counters);
  }
}
