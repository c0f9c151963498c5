package io.sockscope.protocols.dns;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.spi.Direction;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * A query waiting for the answer that completes it into an {@link Exchange}. Immutable.
 *
 * @param direction which way the query went: {@link Direction#RECEIVED} when the traced process
 *     answers queries, {@link Direction#SENT} when it asks them
 * @param peer the other end: the datagram's peer, or the connection's remote end over TCP
 * @param startNanos when the query's first byte went by
 * @param question the query's first question, or null when it has none
 * @param cut whether the query was cut by lost bytes: its answer is expected, but makes no exchange
 */
record PendingQuery(
    Direction direction,
    int id,
    SocketAddress peer,
    long startNanos,
    DnsMessage.@Nullable Question question,
    boolean cut) {

  /** What pairs an answer with its query: the query's direction, its ID and its peer. */
  record Key(Direction direction, int id, SocketAddress peer) {}

  Key key() {
    return new Key(direction, id, peer);
  }

  /**
   * The exchange this query makes with {@code answer}, whose last byte went by at {@code endNanos}
   * (clamped to no earlier than the start).
   */
  Exchange completeWith(DnsMessage answer, long endNanos, Connection connection) {
    DnsMessage.Question asked = answer.question() != null ? answer.question() : question;
    String rcode = DnsCodes.responseCode(answer.responseCode());
    Exchange.Builder exchange =
        Exchange.builder("dns", connection)
            .startNanos(startNanos)
            .endNanos(Math.max(startNanos, endNanos))
            .summary(summary(asked, answer, rcode))
            .connectionAttributes();
    // The process asked (SENT) or answered (RECEIVED); the peer is the other end of this exchange,
    // whatever the socket's role says: an unconnected socket has no remote end of its own.
    boolean serving = direction == Direction.RECEIVED;
    address(exchange, serving ? Side.SERVER : Side.CLIENT, connection.localAddress());
    address(exchange, serving ? Side.CLIENT : Side.SERVER, peer);
    if (asked != null) {
      exchange
          .attribute("dns.question.name", asked.name())
          .attribute("dns.question.type", DnsCodes.type(asked.type()))
          .attribute("dns.question.class", DnsCodes.dnsClass(asked.dnsClass()));
    }
    exchange
        .attribute("dns.response_code", rcode)
        .attribute("dns.answer.count", answer.answerCount())
        .attribute("dns.authority.count", answer.authorityCount())
        .attribute("dns.additional.count", answer.additionalCount())
        .attribute("dns.id", answer.id())
        .attribute("dns.opcode", DnsCodes.opcode(answer.opcode()))
        .attribute("dns.flags", answer.flagNames());
    if (!answer.answers().isEmpty()) {
      exchange.attribute("dns.answers", answer.answers());
    }
    if (answer.responseCode() != 0 && answer.responseCode() != 3) {
      exchange.attribute("error.type", rcode);
    }
    return exchange.build();
  }

  /** {@code A example.test -> NOERROR 2 answers}; other opcodes than QUERY come first. */
  private static String summary(DnsMessage.@Nullable Question asked, DnsMessage answer, String rcode) {
    StringBuilder summary = new StringBuilder(64);
    if (answer.opcode() != DnsCodes.OPCODE_QUERY) {
      summary.append(DnsCodes.opcode(answer.opcode())).append(' ');
    }
    if (asked == null) {
      summary.append("(no question)");
    } else {
      summary.append(DnsCodes.type(asked.type())).append(' ').append(asked.name());
    }
    summary.append(" -> ").append(rcode);
    int answers = answer.answerCount();
    if (answers > 0 || answer.responseCode() == 0) {
      summary.append(' ').append(answers).append(answers == 1 ? " answer" : " answers");
    }
    if (answer.isTruncated()) {
      summary.append(", truncated");
    }
    return summary.toString();
  }

  /** An end of the exchange, with the names of its attributes. */
  private enum Side {
    SERVER("server.address", "server.port"),
    CLIENT("client.address", "client.port");

    final String address;
    final String port;

    Side(String address, String port) {
      this.address = address;
      this.port = port;
    }
  }

  private static void address(Exchange.Builder exchange, Side side, SocketAddress address) {
    exchange.attribute(side.address, Connection.host(address));
    if (address instanceof InetSocketAddress inet) {
      exchange.attribute(side.port, inet.getPort());
    }
  }
}
