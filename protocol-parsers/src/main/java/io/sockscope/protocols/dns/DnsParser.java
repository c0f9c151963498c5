package io.sockscope.protocols.dns;

import io.sockscope.Connection;
import io.sockscope.Transport;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;

/**
 * Parses DNS (RFC 1035) over UDP, one message per datagram, and over TCP, each message behind a
 * two-byte length (RFC 7766), with several queries per connection, pipelined, answered in any
 * order. Each query and its answer become one {@link io.sockscope.Exchange} named {@code "dns"},
 * summarised like {@code A example.test -> NOERROR 2 answers}.
 *
 * <p>Attributes: OpenTelemetry's {@code dns.question.name}, {@code network.transport}, {@code
 * server.address}, {@code server.port}, {@code client.address}, {@code client.port}, and {@code
 * error.type} (the response code, when it is neither NOERROR nor NXDOMAIN). OpenTelemetry names
 * nothing else of DNS, so these carry the {@code dns.} prefix:
 *
 * <table>
 *   <caption>DNS attributes without an OpenTelemetry name</caption>
 *   <tr><th>Attribute</th><th>Type</th><th>Value</th></tr>
 *   <tr><td>{@code dns.question.type}</td><td>String</td><td>{@code A}, {@code AAAA}, {@code MX},
 *       ..., or {@code TYPE<n>}</td></tr>
 *   <tr><td>{@code dns.question.class}</td><td>String</td><td>{@code IN}, {@code CH}, ..., or
 *       {@code CLASS<n>}</td></tr>
 *   <tr><td>{@code dns.response_code}</td><td>String</td><td>{@code NOERROR}, {@code NXDOMAIN},
 *       {@code SERVFAIL}, ..., extended by EDNS ({@code BADVERS}), or {@code RCODE<n>}</td></tr>
 *   <tr><td>{@code dns.answers}</td><td>String</td><td>the answer records' data joined with
 *       {@code ", "}: addresses for A and AAAA, the target of CNAME, NS and PTR, {@code 10
 *       mail.example.test} for MX, quoted strings for TXT, {@code mname rname serial} for SOA,
 *       {@code SRV (25 bytes)} for other types; at most 1024 characters, absent when there are no
 *       answers</td></tr>
 *   <tr><td>{@code dns.answer.count}</td><td>Long</td><td>the header's ANCOUNT</td></tr>
 *   <tr><td>{@code dns.authority.count}</td><td>Long</td><td>the header's NSCOUNT</td></tr>
 *   <tr><td>{@code dns.additional.count}</td><td>Long</td><td>the header's ARCOUNT, the EDNS OPT
 *       record included</td></tr>
 *   <tr><td>{@code dns.id}</td><td>Long</td><td>the header's ID</td></tr>
 *   <tr><td>{@code dns.opcode}</td><td>String</td><td>{@code QUERY}, {@code NOTIFY}, {@code
 *       UPDATE}, ...</td></tr>
 *   <tr><td>{@code dns.flags}</td><td>String</td><td>the answer's flags as dig shows them: {@code
 *       qr aa tc rd ra ad cd}, those set</td></tr>
 * </table>
 *
 * <p>On a UDP socket that is not connected (a server's), each datagram has its own peer: the
 * exchange's client (or, on a client's socket, server) address and port are that peer's.
 *
 * <p>A {@link java.util.ServiceLoader} provider of {@link ProtocolParser}. Stateless and safe for
 * concurrent use; each connection's state is in the {@link ParserSession} from {@link #newSession}.
 */
public final class DnsParser implements ProtocolParser {

  private static final int DNS_PORT = 53;
  private static final int TCP_LENGTH_BYTES = 2;

  public DnsParser() {}

  @Override
  public String protocol() {
    return "dns";
  }

  /**
   * {@link Inference#YES} when the bytes are a DNS message with a sane header (a known opcode, a
   * query with one question and no answers, section counts that fit the length) and a first
   * question that parses, with a known type and class; when the whole message is there, all its
   * records must parse. Over TCP the message follows its two-byte length, and a prefix of such a
   * message needs more bytes; a datagram is judged whole. A message that is well formed but
   * unusual (an obsolete opcode, no question, a name with binary bytes, an unknown type) is
   * {@link Inference#MAYBE} on port 53 and {@link Inference#NO} elsewhere.
   */
  @Override
  public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    int from = firstBytes.position();
    int available = firstBytes.remaining();
    MessageStart.Verdict verdict;
    if (connection.transport() == Transport.UDP) {
      verdict = MessageStart.judge(firstBytes, from, available, available);
    } else if (available < TCP_LENGTH_BYTES) {
      verdict = MessageStart.Verdict.NEED_MORE_BYTES;
    } else {
      int length = Byte.toUnsignedInt(firstBytes.get(from)) << 8 | Byte.toUnsignedInt(firstBytes.get(from + 1));
      verdict = MessageStart.judge(firstBytes, from + TCP_LENGTH_BYTES, available - TCP_LENGTH_BYTES, length);
    }
    return switch (verdict) {
      case YES -> Inference.YES;
      case NEED_MORE_BYTES -> Inference.NEED_MORE_BYTES;
      case UNUSUAL -> onDnsPort(connection) ? Inference.MAYBE : Inference.NO;
      case NO -> Inference.NO;
    };
  }

  @Override
  public ParserSession newSession(SessionContext context) {
    return new DnsSession(context);
  }

  private static boolean onDnsPort(Connection connection) {
    return Connection.port(connection.localAddress()) == DNS_PORT
        || Connection.port(connection.remoteAddress()) == DNS_PORT;
  }
}
