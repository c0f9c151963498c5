package io.sockscope.protocols.postgres;

import io.sockscope.spi.Direction;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parse state of one PostgreSQL connection: a {@link MessageReader} per direction, {@link
 * ClientMessages} and {@link ServerMessages} for what the messages mean, and an {@link
 * ExchangeQueue} that pairs the server's answers with the client's messages, in order. Confined to
 * the tracer's handler thread for the connection.
 *
 * <p>The client's direction is the one the process sends on when it is the client, receives on when
 * it is the server. When the role is unknown, the first message that only one side sends settles
 * it: a startup packet, Query, Parse or Bind from the client; an authentication request,
 * ReadyForQuery, RowDescription, ParseComplete and the like from the server. Messages either side
 * could have sent (DataRow or Describe, CommandComplete or Close, ...) are passed over until then.
 * What it settles also corrects the exchanges' server and client addresses, which for an unknown
 * role take the remote end for the server: a postgres backend inherits the socket its postmaster
 * accepted, so on the server's side the role is always unknown.
 *
 * <p>An SSLRequest answered {@code S} hands the socket to TLS ({@link SessionContext#startsTls});
 * answered {@code N}, the plain startup follows. A GSSENCRequest answered {@code G} starts GSSAPI
 * encryption, which is not parsed: the connection is given up with that reason.
 *
 * <p>Lost bytes inside a message's body are skipped; the message, if its content mattered (not a
 * DataRow or CopyData), drops its exchange. Lost bytes that take the framing with them: in the
 * server's direction every waiting exchange is dropped; in the client's, one dropped message is
 * counted for the requests lost. Either way the direction's reader finds the next message start.
 */
final class PostgresSession implements ParserSession, ClientMessages.Session, ServerMessages.Session {

  private final SessionContext context;
  private final Map<Direction, MessageReader> readers = new EnumMap<>(Direction.class);
  private final ExchangeQueue queue;
  private final ClientMessages client;
  private final ServerMessages server;
  private @Nullable Direction clientDirection;
  private boolean finished;

  PostgresSession(SessionContext context) {
    this.context = context;
    this.queue = new ExchangeQueue(context);
    this.client = new ClientMessages(queue, this);
    this.server = new ServerMessages(queue, this);
    for (Direction direction : Direction.values()) {
      readers.put(direction, new MessageReader(new Routing(direction)));
    }
    Direction requests = Direction.ofRequests(context.connection().role());
    if (requests != null) {
      clientDirectionIs(requests);
    }
  }

  @Override
  public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
    if (finished) {
      return data.remaining();
    }
    return readers.get(direction).decode(data, timestampNanos);
  }

  @Override
  public void onGap(Direction direction, long length, long timestampNanos) {
    if (finished) {
      return;
    }
    MessageReader.GapOutcome outcome = readers.get(direction).skip(length, timestampNanos);
    if (outcome == MessageReader.GapOutcome.INSIDE_A_BODY || clientDirection == null || finished) {
      return;
    }
    if (direction == clientDirection) {
      client.framingLost();
      context.dropped("request lost in a gap");
    } else {
      queue.answersLost();
    }
  }

  @Override
  public void onClose(long timestampNanos) {
    if (!finished) {
      queue.closed();
      finish();
    }
  }

  @Override
  public void expectSecurityAnswer() {
    if (clientDirection != null) {
      readers.get(clientDirection.opposite()).expectSecurityAnswer();
    }
  }

  @Override
  public void startupSent() {
    if (clientDirection != null) {
      readers.get(clientDirection).typedOnly();
    }
  }

  @Override
  public void fail(String reason) {
    if (!finished) {
      finish();
      context.unparseable(reason);
    }
  }

  private void finish() {
    finished = true;
    readers.values().forEach(MessageReader::stop);
  }

  private void clientDirectionIs(Direction direction) {
    clientDirection = direction;
    context.establishRole(direction.roleIfRequests());
    readers.get(direction.opposite()).typedOnly();
  }

  /** Whether a message settles which direction is the client's, when that is not known yet. */
  private boolean learnClientDirection(Direction direction, byte type) {
    if (type == 0 || MessageType.isFrontendOnly(type)) {
      clientDirectionIs(direction);
    } else if (MessageType.isBackendOnly(type)) {
      clientDirectionIs(direction.opposite());
    }
    return clientDirection != null;
  }

  private void securityAnswer(byte answer) {
    switch (answer) {
      case 'S' -> {
        finish();
        context.startsTls();
      }
      case 'G' -> fail("GSSAPI encryption is not parsed");
      default -> client.securityRefused(answer);
    }
  }

  /** Hands one direction's messages to the client's or the server's side. */
  private final class Routing implements MessageReader.Listener {
    private final Direction direction;

    Routing(Direction direction) {
      this.direction = direction;
    }

    @Override
    public void onMessage(byte type, ByteBuffer body, int bodyLength, boolean damaged, long firstNanos, long lastNanos) {
      if (finished || (clientDirection == null && !learnClientDirection(direction, type))) {
        return;
      }
      if (direction == clientDirection) {
        if (type != 0 && !MessageType.isFrontend(type)) {
          fail("not a client message type");
          return;
        }
        client.onMessage(type, body, damaged, firstNanos, lastNanos);
      } else {
        if (!MessageType.isBackend(type)) {
          fail("not a server message type");
          return;
        }
        server.onMessage(type, body, damaged, firstNanos, lastNanos);
      }
    }

    @Override
    public void onSecurityAnswer(byte answer, long nanos) {
      if (!finished && direction != clientDirection) {
        securityAnswer(answer);
      }
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }
}
