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

/**
 * The sockscope Redis parser beside netty's {@link RedisDecoder} on the same RESP bytes:
 * {@code redis-benchmark -P 16 -t set,get} against redis-server ({@link
 * Recording#REDIS_BENCHMARK_SET_GET}: 112 pipelined SETs, then 112 GETs, with their replies, 10,536
 * bytes in both directions). Netty decodes whole messages, as an application using it would:
 * {@link RedisDecoder}, then {@link RedisBulkStringAggregator} and {@link RedisArrayAggregator}, so
 * each command arrives as one array of bulk strings and each reply as one message. See {@link
 * NettyComparison} for what is measured.
 */
public class RedisParserBenchmark extends NettyComparison {

  @Override
  Recording recording() {
    return Recording.REDIS_BENCHMARK_SET_GET;
  }

  @Override
  ChannelHandler[] requestDecoders() {
    return new ChannelHandler[] {new RedisDecoder(), new RedisBulkStringAggregator(), new RedisArrayAggregator()};
  }

  @Override
  ChannelHandler[] responseDecoders() {
    return requestDecoders();
  }

  /** After the aggregators, every message that comes out is whole; parts mean a broken pipeline. */
  @Override
  boolean completesMessage(Object decoded) {
    boolean part = decoded instanceof ArrayHeaderRedisMessage
        || decoded instanceof BulkStringHeaderRedisMessage
        || decoded instanceof BulkStringRedisContent && !(decoded instanceof FullBulkStringRedisMessage);
    if (part || !(decoded instanceof RedisMessage)) {
      throw new IllegalStateException("netty's aggregators let a message part through: " + decoded);
    }
    return true;
  }
}
