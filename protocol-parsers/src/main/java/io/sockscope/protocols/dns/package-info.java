/**
 * The DNS parser: {@link io.sockscope.protocols.dns.DnsParser}, found by {@link
 * java.util.ServiceLoader} as a provider of {@link io.sockscope.spi.ProtocolParser}.
 *
 * <p>{@link io.sockscope.protocols.dns.MessageDecoder} decodes one whole message, with {@link
 * io.sockscope.protocols.dns.NameDecoder} for compressed names and {@link
 * io.sockscope.protocols.dns.RecordData} for the text of answers; {@link
 * io.sockscope.protocols.dns.DnsSession} takes messages from datagrams or, over TCP, from {@link
 * io.sockscope.protocols.dns.TcpFraming}, and pairs queries with answers through {@link
 * io.sockscope.protocols.dns.PendingQueries}. {@link io.sockscope.protocols.dns.MessageStart}
 * judges first bytes for protocol inference. All limits are in {@link
 * io.sockscope.protocols.dns.DnsLimits}.
 */
@NullMarked
package io.sockscope.protocols.dns;

import org.jspecify.annotations.NullMarked;
