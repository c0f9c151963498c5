package io.sockscope.protocols.dns;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.Conversation;
import io.sockscope.protocols.testing.TestConnections;
import io.sockscope.spi.Direction;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The recorded conversations of dig with dnsmasq (see {@code conversations/dns/}), as the tracer
 * sees them from dnsmasq's socket and from dig's, and variants built from their bytes.
 */
final class DnsCaptures {
  static final int SERVER_PORT = 15353;
  static final int CLIENT_PORT = 40001;
  static final InetSocketAddress CLIENT = TestConnections.loopback(CLIENT_PORT);
  static final InetSocketAddress SERVER = TestConnections.loopback(SERVER_PORT);

  static final Conversation UDP = Conversation.load("dns/udp-dig-dnsmasq.txt");
  static final Conversation TCP = Conversation.load("dns/tcp-dig-dnsmasq-keepopen.txt");

  private static final DnsParser PARSER = new DnsParser();

  private DnsCaptures() {}

  /** dnsmasq's UDP socket: bound, not connected; each datagram comes from or goes to dig. */
  static Connection udpServer() {
    return TestConnections.udp(Role.SERVER, "dnsmasq", SERVER_PORT, 0);
  }

  /** dig's UDP socket, connected to dnsmasq. */
  static Connection udpClient() {
    return TestConnections.udp(Role.CLIENT, "dig", CLIENT_PORT, SERVER_PORT);
  }

  static Capture udpOnServer() {
    return UDP.asDatagrams(PARSER, udpServer(), CLIENT);
  }

  static Capture udpOnClient() {
    return UDP.asDatagrams(PARSER, udpClient(), SERVER);
  }

  static Capture tcpOnServer() {
    return TCP.asStream(PARSER, TestConnections.tcp(Role.SERVER, "dnsmasq", SERVER_PORT, CLIENT_PORT));
  }

  static Capture tcpOnClient() {
    return TCP.asStream(PARSER, TestConnections.tcp(Role.CLIENT, "dig", SERVER_PORT, CLIENT_PORT));
  }

  /** dig's TCP socket first seen mid-flight: role unknown, addresses as for a client. */
  static Capture tcpOnUnknownRole() {
    return TCP.asStream(PARSER, TestConnections.tcp(Role.UNKNOWN, "dig", SERVER_PORT, CLIENT_PORT));
  }

  /**
   * The four TCP queries pipelined in one write, then their answers in the reverse order, as a
   * server that answers in parallel may send them (RFC 7766, section 7), on the server's socket.
   */
  static Capture tcpPipelinedAnsweredInReverse() {
    List<Conversation.Segment> segments = TCP.segments();
    ByteArrayOutputStream queries = new ByteArrayOutputStream();
    for (Conversation.Segment segment : segments) {
      if (segment.fromClient()) {
        queries.writeBytes(segment.bytes());
      }
    }
    Capture capture = Capture.of(PARSER, TestConnections.tcp(Role.SERVER, "dnsmasq", SERVER_PORT, CLIENT_PORT));
    capture.received(queries.toByteArray(), 1000);
    long nanos = 1000;
    for (int i = segments.size() - 1; i >= 0; i--) {
      if (!segments.get(i).fromClient()) {
        capture.sent(segments.get(i).bytes(), nanos += 1000);
      }
    }
    return capture;
  }

  /** The i-th query (i from 0) of the UDP recording. */
  static byte[] udpQuery(int i) {
    return UDP.segments().get(2 * i).bytes();
  }

  /** The i-th answer (i from 0) of the UDP recording. */
  static byte[] udpAnswer(int i) {
    return UDP.segments().get(2 * i + 1).bytes();
  }

  /** A message behind its two-byte TCP length. */
  static byte[] framed(byte[] message) {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  static Direction queryDirection(Connection connection) {
    return connection.role() == Role.SERVER ? Direction.RECEIVED : Direction.SENT;
  }
}
