package io.sockscope.protocols.dns;

import io.sockscope.spi.Direction;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.SessionContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parse state of one DNS socket: UDP datagrams, or the two directions of a TCP connection cut
 * into messages by {@link TcpFraming}. Each message says itself whether it is a query or an answer
 * (QR), so the socket's role plays no part. Queries wait in {@link PendingQueries} until the answer
 * with the same ID, from the same peer, going the other way, completes them into an exchange:
 * answers may come in any order. Confined to the tracer's handler thread for the connection.
 *
 * <p>Counted with {@link SessionContext#dropped}, once each:
 *
 * <ul>
 *   <li>{@code "no answer"}: a query evicted beyond {@link DnsLimits#MAX_PENDING_QUERIES}, expired
 *       after {@link DnsLimits#QUERY_TIMEOUT_NANOS}, or still waiting at the close;
 *   <li>{@code "answer without query"}: an answer to a query never seen (the tracer started after
 *       it, or it was evicted). It makes no exchange: its latency is unknown;
 *   <li>a malformed datagram, with what is wrong ({@code "compression pointer loop"}, ...); the
 *       socket's later datagrams are still parsed;
 *   <li>{@code "query cut by a gap"}, {@code "answer cut by a gap"}, or {@code "message cut by a
 *       gap"} when too little of it was seen to tell: a TCP message that lost bytes; the framing
 *       goes on after it. A cut query's answer is then ignored, not counted again.
 * </ul>
 *
 * <p>Over TCP a malformed message, or lost bytes across a message boundary, end the session with
 * {@link SessionContext#unparseable}.
 */
final class DnsSession implements ParserSession {

  private static final String NO_ANSWER = "no answer";

  private final SessionContext context;
  private final PendingQueries pending = new PendingQueries();
  private final Map<Direction, TcpFraming> framing = new EnumMap<>(Direction.class);
  private boolean finished;

  DnsSession(SessionContext context) {
    this.context = context;
    for (Direction direction : Direction.values()) {
      framing.put(direction, new TcpFraming());
    }
  }

  @Override
  public void onDatagram(
      Direction direction, InetSocketAddress peer, ByteBuffer payload, long notCapturedBytes, long timestampNanos) {
    if (finished) {
      return;
    }
    expire(timestampNanos);
    int captured = payload.remaining();
    int length = (int) Math.min(Integer.MAX_VALUE, captured + notCapturedBytes);
    DnsMessage message;
    try {
      message = MessageDecoder.decode(payload, payload.position(), captured, length).message();
    } catch (MalformedMessageException e) {
      context.dropped(e.reason());
      return;
    }
    onMessage(direction, datagramPeer(peer), message, timestampNanos, timestampNanos);
  }

  @Override
  public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
    if (finished) {
      return data.remaining();
    }
    return framing.get(direction).onData(data, timestampNanos, (bytes, from, length, first, last) -> {
      expire(first);
      DnsMessage message;
      try {
        message = MessageDecoder.decode(bytes, from, length, length).message();
      } catch (MalformedMessageException e) {
        fail(e.reason());
        return false;
      }
      onMessage(direction, context.connection().remoteAddress(), message, first, last);
      return true;
    });
  }

  @Override
  public void onGap(Direction direction, long length, long timestampNanos) {
    if (finished) {
      return;
    }
    TcpFraming cut = framing.get(direction);
    switch (cut.onGap(length)) {
      case FRAMING_LOST -> fail("lost bytes across a message boundary");
      case SAME_MESSAGE_CUT -> { }
      case MESSAGE_CUT -> messageCut(direction, cut.cutId(), cut.cutIsResponse(), timestampNanos);
    }
  }

  @Override
  public void onClose(long timestampNanos) {
    if (finished) {
      return;
    }
    finished = true;
    for (PendingQuery unanswered : pending.clear()) {
      dropUnanswered(unanswered);
    }
  }

  private void onMessage(
      Direction direction, SocketAddress peer, DnsMessage message, long firstByteNanos, long lastByteNanos) {
    if (!message.isResponse()) {
      // Who sends queries is the client: this settles a socket first seen mid-flight, or the
      // unconnected socket of a server, bound but never accepted nor connected.
      context.establishRole(direction.roleIfRequests());
      PendingQuery query =
          new PendingQuery(direction, message.id(), peer, firstByteNanos, message.question(), false);
      PendingQuery evicted = pending.add(query);
      if (evicted != null) {
        dropUnanswered(evicted);
      }
      return;
    }
    PendingQuery query = pending.answer(new PendingQuery.Key(direction.opposite(), message.id(), peer));
    if (query == null) {
      context.dropped("answer without query");
    } else if (!query.cut()) {
      context.emit(query.completeWith(message, lastByteNanos, context.connection()));
    }
  }

  /**
   * A TCP message lost bytes. An answer's query is dropped; a query waits, marked cut, for its
   * answer, which then makes no exchange and is not counted again.
   */
  private void messageCut(Direction direction, int id, @Nullable Boolean isResponse, long gapNanos) {
    SocketAddress peer = context.connection().remoteAddress();
    if (isResponse == null || id < 0) {
      context.dropped("message cut by a gap");
    } else if (isResponse) {
      pending.answer(new PendingQuery.Key(direction.opposite(), id, peer));
      context.dropped("answer cut by a gap");
    } else {
      context.dropped("query cut by a gap");
      PendingQuery evicted = pending.add(new PendingQuery(direction, id, peer, gapNanos, null, true));
      if (evicted != null) {
        dropUnanswered(evicted);
      }
    }
  }

  private void expire(long nowNanos) {
    for (PendingQuery expired : pending.expire(nowNanos)) {
      dropUnanswered(expired);
    }
  }

  private void dropUnanswered(PendingQuery query) {
    if (!query.cut()) {
      context.dropped(NO_ANSWER);
    }
  }

  /** The datagram's peer; the connection's remote end when the kernel did not say. */
  private SocketAddress datagramPeer(InetSocketAddress peer) {
    boolean unknown = peer.getPort() == 0 && (peer.getAddress() == null || peer.getAddress().isAnyLocalAddress());
    return unknown ? context.connection().remoteAddress() : peer;
  }

  private void fail(String reason) {
    if (!finished) {
      finished = true;
      context.unparseable(reason);
    }
  }
}
