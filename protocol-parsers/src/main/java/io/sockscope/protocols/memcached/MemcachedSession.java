package io.sockscope.protocols.memcached;

import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parse state of one memcached connection. The first byte seen settles the dialect: magic 0x80
 * or 0x81 starts a {@link BinarySession}, whose magic also tells which direction carries requests;
 * anything else a {@link TextSession}, whose requests are what the process sends as a client and
 * receives as a server, or, when the role is unknown, the direction whose first bytes are a
 * command (or the other one, when they are a reply). Confined to the tracer's handler thread for
 * the connection.
 */
final class MemcachedSession implements ParserSession {

  private final SessionContext context;
  private final Map<Direction, ArrivalClock> clocks = new EnumMap<>(Direction.class);
  private @Nullable DialectSession dialect;
  private @Nullable Direction requestDirection;
  private boolean failed;

  MemcachedSession(SessionContext context) {
    this.context = context;
    for (Direction direction : Direction.values()) {
      clocks.put(direction, new ArrivalClock());
    }
  }

  @Override
  public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
    if (failed) {
      return data.remaining();
    }
    if (!data.hasRemaining()) {
      return 0;
    }
    ArrivalClock clock = clocks.get(direction);
    int offered = data.remaining();
    clock.offered(offered, timestampNanos);
    DialectSession session = dialect != null ? dialect : choose(direction, data);
    if (session == null) {
      clock.consumed(0, offered);
      return failed ? offered : 0;
    }
    int consumed =
        direction == requestDirection
            ? session.onRequestBytes(data, clock)
            : session.onReplyBytes(data, clock);
    clock.consumed(consumed, offered);
    return consumed;
  }

  @Override
  public void onGap(Direction direction, long length, long timestampNanos) {
    clocks.get(direction).discard();
    if (failed) {
      return;
    }
    if (dialect == null) {
      fail("gap before the first message");
    } else if (direction == requestDirection) {
      dialect.onRequestGap(length, timestampNanos);
    } else {
      dialect.onReplyGap(length, timestampNanos);
    }
  }

  @Override
  public void onClose(long timestampNanos) {
    if (dialect != null && !failed) {
      dialect.onClose(timestampNanos);
    }
  }

  /** Settles the dialect and the request direction from the first bytes; null while unsure. */
  private @Nullable DialectSession choose(Direction direction, ByteBuffer data) {
    int first = data.get(data.position()) & 0xff;
    if (first == BinaryHeader.REQUEST_MAGIC || first == BinaryHeader.RESPONSE_MAGIC) {
      requestDirection = first == BinaryHeader.REQUEST_MAGIC ? direction : direction.opposite();
      context.establishRole(requestDirection.roleIfRequests());
      dialect = new BinarySession(context);
      return dialect;
    }
    requestDirection = Direction.ofRequests(context.connection().role());
    if (requestDirection == null) {
      Inference command = MessageStart.textCommand(data, data.position(), data.limit());
      Inference reply = MessageStart.textReply(data, data.position(), data.limit());
      if (command == Inference.YES) {
        requestDirection = direction;
        context.establishRole(direction.roleIfRequests());
      } else if (reply == Inference.YES) {
        requestDirection = direction.opposite();
        context.establishRole(requestDirection.roleIfRequests());
      } else if (command == Inference.NEED_MORE_BYTES || reply == Inference.NEED_MORE_BYTES) {
        return null;
      } else {
        fail("first bytes are neither a command nor a reply");
        return null;
      }
    }
    dialect = new TextSession(context);
    return dialect;
  }

  private void fail(String reason) {
    failed = true;
    context.unparseable(reason);
  }
}
