/**
 * The memcached parser, text and binary protocols: {@link
 * io.sockscope.protocols.memcached.MemcachedParser}, found by {@link java.util.ServiceLoader} as a
 * provider of {@link io.sockscope.spi.ProtocolParser}.
 *
 * <p>{@link io.sockscope.protocols.memcached.MemcachedSession} picks the dialect from the first
 * byte of the connection: {@link io.sockscope.protocols.memcached.TextSession} decodes the text
 * protocol with a {@link io.sockscope.protocols.memcached.TextRequestDecoder} and a {@link
 * io.sockscope.protocols.memcached.TextResponseDecoder}, {@link
 * io.sockscope.protocols.memcached.BinarySession} the binary one with a {@link
 * io.sockscope.protocols.memcached.BinaryPacketDecoder} per direction. Values are counted as they
 * pass, never copied. All limits are in {@link io.sockscope.protocols.memcached.MemcachedLimits}.
 */
@NullMarked
package io.sockscope.protocols.memcached;

import org.jspecify.annotations.NullMarked;
