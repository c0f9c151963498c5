/**
 * The Redis parser: {@link io.sockscope.protocols.redis.RedisParser}, found by {@link
 * java.util.ServiceLoader} as a provider of {@link io.sockscope.spi.ProtocolParser}.
 *
 * <p>Each direction of a connection runs through its own {@link
 * io.sockscope.protocols.redis.RespDecoder}, a state machine in the manner of netty's {@code
 * RedisDecoder} that turns RESP2 and RESP3 bytes into one {@link
 * io.sockscope.protocols.redis.RespValue} per top-level value, keeping only what is reported (the
 * first bytes of the first elements) and counting the rest as it passes. {@link
 * io.sockscope.protocols.redis.RedisSession} pairs replies with commands through a {@link
 * io.sockscope.protocols.redis.CommandQueue}, and sets pub/sub pushes apart with {@link
 * io.sockscope.protocols.redis.Subscriptions}. All limits are in {@link
 * io.sockscope.protocols.redis.RedisLimits}.
 */
@NullMarked
package io.sockscope.protocols.redis;

import org.jspecify.annotations.NullMarked;
