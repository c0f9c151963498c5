package io.sockscope.jmh;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.redis.ArrayHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringRedisContent;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisMessage;
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
 * The sockscope Redis parser beside netty's {@link RedisDecoder} on the same RESP bytes:
 * {@code redis-benchmark -P 16 -t set,get} against redis-server ({@code
 * traffic/redis-benchmark-set-get.txt}: 112 pipelined SETs, then 112 GETs, with their replies,
 * 10,536 bytes in both directions).
 *
 * <p>One operation replays the whole recording; the {@code megabytes} and {@code exchanges} rates
 * are MB/s and command/reply pairs per second (see {@link ParsedThroughput}). Netty decodes whole
 * messages, as an application using it would: {@link RedisDecoder}, then {@link
 * RedisBulkStringAggregator} and {@link RedisArrayAggregator}, so each command arrives as one array
 * of bulk strings and each reply as one message.
 *
 * <p>The sockscope side loads the parser of protocol {@code "redis"} through ServiceLoader. Until
 * that parser is in protocol-parsers its setup fails with a message that says so, and only {@code
 * netty} reports a score.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisParserBenchmark {
  static final String TRAFFIC = "redis-benchmark-set-get.txt";
  static final int EXCHANGES = 224;

  @State(Scope.Thread)
  public static class SockscopeRedis {
    @Param
    public Delivery delivery;

    SessionReplay replay;
    long bytes;

    @Setup
    public void setUp() {
      RecordedTraffic traffic = RecordedTraffic.load(TRAFFIC);
      bytes = traffic.totalBytes();
      replay = new SessionReplay(BundledParsers.load("redis"), traffic.pieces(delivery), "redis-server", 6379);
    }
  }

  @State(Scope.Thread)
  public static class NettyRedis {
    @Param
    public Delivery delivery;

    NettyReplay replay;
    long bytes;

    @Setup
    public void setUp() {
      RecordedTraffic traffic = RecordedTraffic.load(TRAFFIC);
      bytes = traffic.totalBytes();
      replay = new NettyReplay(traffic.pieces(delivery), NettyRedis::decoders, NettyRedis::decoders,
          NettyRedis::completesMessage);
    }

    private static ChannelHandler[] decoders() {
      return new ChannelHandler[] {new RedisDecoder(), new RedisBulkStringAggregator(), new RedisArrayAggregator()};
    }

    /** After the aggregators, every message that comes out is whole; parts mean a broken pipeline. */
    private static boolean completesMessage(Object decoded) {
      boolean part = decoded instanceof ArrayHeaderRedisMessage
          || decoded instanceof BulkStringHeaderRedisMessage
          || decoded instanceof BulkStringRedisContent && !(decoded instanceof FullBulkStringRedisMessage);
      if (part || !(decoded instanceof RedisMessage)) {
        throw new IllegalStateException("netty's aggregators let a message part through: " + decoded);
      }
      return true;
    }
  }

  @Benchmark
  public int sockscope(SockscopeRedis state, ParsedThroughput counters) {
    int exchanges = state.replay.replay();
    checkComplete("sockscope", exchanges);
    counters.add(state.bytes, exchanges);
    return exchanges;
  }

  @Benchmark
  public int netty(NettyRedis state, ParsedThroughput counters) {
    int requestsBefore = state.replay.requestsDecoded();
    int replies = state.replay.replay();
    checkComplete("netty's commands", state.replay.requestsDecoded() - requestsBefore);
    checkComplete("netty's replies", replies);
    counters.add(state.bytes, replies);
    return replies;
  }

  private static void checkComplete(String decoder, int completed) {
    if (completed != EXCHANGES) {
      throw new IllegalStateException(decoder + " completed " + completed + " of the " + EXCHANGES
          + " messages in " + TRAFFIC + ": the comparison would be meaningless");
    }
  }
}
