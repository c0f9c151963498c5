package io.sockscope.jmh;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
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
 * The sockscope HTTP/1.x parser beside netty's {@link HttpRequestDecoder} and {@link
 * HttpResponseDecoder} on the same bytes: a keep-alive conversation of 100 GETs between curl and
 * nginx ({@code traffic/curl-nginx-keepalive.txt}, 43,666 bytes in both directions).
 *
 * <p>One operation replays the whole conversation. The primary score is conversations per second;
 * the {@code megabytes} and {@code exchanges} rates beside it are MB/s and exchanges/s (see {@link
 * ParsedThroughput}). The sockscope parser is found through ServiceLoader and fed through the SPI
 * as the tracer feeds it ({@link SessionReplay}); netty decodes every message fully, headers and
 * body, and each decoded object is released. Both must complete all 100 exchanges on every replay,
 * or the benchmark fails.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpParserBenchmark {
  static final String TRAFFIC = "curl-nginx-keepalive.txt";
  static final int EXCHANGES = 100;

  @State(Scope.Thread)
  public static class SockscopeHttp {
    @Param
    public Delivery delivery;

    SessionReplay replay;
    long bytes;

    @Setup
    public void setUp() {
      RecordedTraffic traffic = RecordedTraffic.load(TRAFFIC);
      bytes = traffic.totalBytes();
      replay = new SessionReplay(BundledParsers.load("http"), traffic.pieces(delivery), "nginx", 8080);
    }
  }

  @State(Scope.Thread)
  public static class NettyHttp {
    @Param
    public Delivery delivery;

    NettyReplay replay;
    long bytes;

    @Setup
    public void setUp() {
      RecordedTraffic traffic = RecordedTraffic.load(TRAFFIC);
      bytes = traffic.totalBytes();
      replay = new NettyReplay(traffic.pieces(delivery),
          () -> new ChannelHandler[] {new HttpRequestDecoder()},
          () -> new ChannelHandler[] {new HttpResponseDecoder()},
          NettyHttp::completesMessage);
    }

    private static boolean completesMessage(Object decoded) {
      if (decoded instanceof HttpObject && ((HttpObject) decoded).decoderResult().isFailure()) {
        throw new IllegalStateException("netty failed to decode recorded traffic",
            ((HttpObject) decoded).decoderResult().cause());
      }
      return decoded instanceof LastHttpContent;
    }
  }

  @Benchmark
  public int sockscope(SockscopeHttp state, ParsedThroughput counters) {
    int exchanges = state.replay.replay();
    checkComplete("sockscope", exchanges);
    counters.add(state.bytes, exchanges);
    return exchanges;
  }

  @Benchmark
  public int netty(NettyHttp state, ParsedThroughput counters) {
    int requestsBefore = state.replay.requestsDecoded();
    int responses = state.replay.replay();
    checkComplete("netty's requests", state.replay.requestsDecoded() - requestsBefore);
    checkComplete("netty's responses", responses);
    counters.add(state.bytes, responses);
    return responses;
  }

  private static void checkComplete(String decoder, int completed) {
    if (completed != EXCHANGES) {
      throw new IllegalStateException(decoder + " completed " + completed + " of the " + EXCHANGES
          + " messages in " + TRAFFIC + ": the comparison would be meaningless");
    }
  }
}
