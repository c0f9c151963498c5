/**
 * The HTTP/1.0 and HTTP/1.1 parser: {@link io.sockscope.protocols.http.HttpParser}, found by {@link
 * java.util.ServiceLoader} as a provider of {@link io.sockscope.spi.ProtocolParser}.
 *
 * <p>Each direction of a connection runs through its own decoder, a state machine in the manner of
 * netty's {@code HttpObjectDecoder}: {@link io.sockscope.protocols.http.RequestDecoder} and {@link
 * io.sockscope.protocols.http.ResponseDecoder} turn bytes into message events (head, body bytes,
 * end), and {@link io.sockscope.protocols.http.HttpSession} pairs requests with responses through a
 * {@link io.sockscope.protocols.http.RequestQueue}. Body bytes are counted, never copied. All
 * limits are in {@link io.sockscope.protocols.http.HttpLimits}.
 */
@NullMarked
package io.sockscope.protocols.http;

import org.jspecify.annotations.NullMarked;
