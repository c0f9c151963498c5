package io.sockscope.protocols.mysql;

import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parse state of one MySQL or MariaDB connection: a {@link PacketReader} per direction, the
 * client's commands waiting for their response, oldest first, and a {@link ResponseReader} for the
 * oldest. Confined to the tracer's handler thread for the connection.
 *
 * <p>The client's messages are sent when the process is the client and received when it is the
 * server; when the role is unknown, the first message that is a greeting (from the server) or a
 * handshake response or command (from the client) settles it.
 *
 * <p>A connection seen from its start begins with the server's greeting; the client answers with
 * its handshake response, which becomes a {@code CONNECT} exchange answered when authentication
 * ends with OK or ERR, or with an SSL request, after which the socket carries TLS records ({@link
 * SessionContext#startsTls}). A connection seen from its middle begins with a client command (the
 * server's bytes until then are skipped), or with a handshake response when its plaintext comes
 * from a TLS library.
 *
 * <p>After the handshake, a packet with sequence id 0 from the client is a command; any other is
 * part of the latest command's exchange (authentication data, a LOCAL INFILE file). Commands may be
 * pipelined (MariaDB's Connector/J sends PREPARE and EXECUTE together); up to {@link
 * MySqlLimits#MAX_PENDING_COMMANDS} wait. Commands without a response (QUIT, STMT_CLOSE,
 * STMT_SEND_LONG_DATA) make their exchange when the commands before them are answered.
 *
 * <p>Lost bytes inside a payload are skipped and framing is kept; a gap that takes a packet header
 * loses the framing, and the connection is given up after the waiting commands are counted as
 * dropped. So do malformed packets, a sequence id out of order, and the compressed protocol.
 */
final class MySqlSession implements ParserSession {

  private enum Phase {
    /** Nothing recognised yet. */
    START,
    /** The server's greeting was read; the client's handshake response comes next. */
    GREETED,
    /** Commands and responses. */
    COMMANDS
  }

  private final SessionContext context;
  private final ConnectionState state = new ConnectionState();
  private final Map<Direction, PacketReader> readers = new EnumMap<>(Direction.class);
  private final ArrayDeque<PendingCommand> waiting = new ArrayDeque<>();
  private final ResponseReader response = new ResponseReader();
  private @Nullable Direction clientDirection;
  private Phase phase = Phase.START;
  private boolean serverFramed;
  /** Whether server bytes were skipped as the rest of an unseen exchange. */
  private boolean serverBytesSkipped;
  private boolean unpairedResponseCounted;
  private boolean finished;

  MySqlSession(SessionContext context) {
    this.context = context;
    clientDirection = Direction.ofRequests(context.connection().role());
    for (Direction direction : Direction.values()) {
      readers.put(direction, new PacketReader(new MessageEvents(direction)));
    }
  }

  @Override
  public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
    if (finished) {
      return data.remaining();
    }
    if (clientDirection == null) {
      Inference learned = learnClientDirection(direction, data);
      if (learned != Inference.YES) {
        return learned == Inference.NEED_MORE_BYTES ? 0 : data.remaining();
      }
    }
    if (direction != clientDirection && !serverFramed) {
      // Before a greeting or a command, server bytes are the rest of an unseen exchange.
      // A greeting comes first or not at all: once bytes were skipped, the rest are skipped too.
      Inference greeting = serverBytesSkipped ? Inference.NO : PacketStart.greeting(data, data.position(), data.limit());
      if (greeting == Inference.NEED_MORE_BYTES) {
        return 0;
      }
      if (greeting == Inference.NO) {
        serverBytesSkipped = true;
        return data.remaining();
      }
      serverFramed = true;
    }
    // After an SSL request, the bytes not consumed are TLS records.
    return readers.get(direction).read(data, timestampNanos);
  }

  @Override
  public void onGap(Direction direction, long length, long timestampNanos) {
    if (finished || clientDirection == null || (direction != clientDirection && !serverFramed)) {
      return;
    }
    PacketReader reader = readers.get(direction);
    if (reader.skip(length, timestampNanos)) {
      return;
    }
    if (phase == Phase.START && !reader.isInsideMessage() && direction == clientDirection) {
      return; // nothing read yet: the next bytes must begin a command or handshake response
    }
    dropWaiting(direction == clientDirection ? "request cut by a gap" : "response lost in a gap");
    fail("gap lost the packet framing");
  }

  @Override
  public void onClose(long timestampNanos) {
    if (finished) {
      return;
    }
    PendingCommand head = waiting.peekFirst();
    if (head != null && head.responseStarted() && response.mayHaveEnded(state)) {
      complete();
    }
    dropWaiting("no response before close");
    finish();
  }

  private Inference learnClientDirection(Direction direction, ByteBuffer data) {
    int from = data.position();
    int limit = data.limit();
    Inference greeting = PacketStart.greeting(data, from, limit);
    Inference client = PacketStart.fromClient(data, from, limit);
    if (greeting == Inference.YES) {
      clientDirection = direction.opposite();
    } else if (client == Inference.YES) {
      clientDirection = direction;
    } else {
      boolean mayBecomeOne = greeting == Inference.NEED_MORE_BYTES || client == Inference.NEED_MORE_BYTES;
      return mayBecomeOne && data.remaining() < MySqlLimits.MAX_HANDSHAKE_BYTES ? Inference.NEED_MORE_BYTES : Inference.NO;
    }
    context.establishRole(clientDirection.roleIfRequests());
    return Inference.YES;
  }

  /** A whole message from the client; false to stop reading. */
  private boolean onClientMessage(Message message) {
    if (phase == Phase.COMMANDS) {
      if (message.firstSeq() == 0) {
        return command(message);
      }
      PendingCommand latest = waiting.peekLast();
      if (latest != null) {
        latest.packetSeen(message); // authentication data or a LOCAL INFILE file
      }
      return true;
    }
    if (phase == Phase.GREETED || message.firstSeq() != 0) {
      HandshakeResponse handshake = message.firstSeq() == 0 ? null : HandshakeResponse.parse(message);
      if (handshake == null) {
        fail("malformed handshake response");
        return false;
      }
      return handshakeResponse(handshake, message);
    }
    phase = Phase.COMMANDS;
    serverFramed = true;
    return command(message);
  }

  private boolean handshakeResponse(HandshakeResponse handshake, Message message) {
    if (handshake.sslRequest()) {
      finish();
      context.startsTls();
      return false;
    }
    state.clientCapabilities(handshake.capabilities());
    state.namespace(handshake.database());
    PendingCommand connect = new PendingCommand(Command.CONNECT, message, handshake.database());
    connect.user(handshake.user());
    connect.authPlugin(handshake.authPlugin());
    phase = Phase.COMMANDS;
    serverFramed = true;
    return enqueue(connect);
  }

  private boolean command(Message message) {
    Command command = Command.of(message.header());
    if (command == null || command == Command.CONNECT) {
      fail("unknown command");
      return false;
    }
    CommandRequest request = CommandRequest.read(command, message, state);
    String namespace = command == Command.INIT_DB ? request.schema() : state.namespace();
    PendingCommand pending = new PendingCommand(command, message, namespace);
    request.describe(pending, state);
    return enqueue(pending);
  }

  private boolean enqueue(PendingCommand command) {
    if (waiting.size() >= MySqlLimits.MAX_PENDING_COMMANDS) {
      dropWaiting("too many commands without response");
      fail("more than " + MySqlLimits.MAX_PENDING_COMMANDS + " commands without response");
      return false;
    }
    waiting.addLast(command);
    unpairedResponseCounted = false;
    completeCommandsWithoutResponse();
    return true;
  }

  /** A whole message from the server; false to stop reading. */
  private boolean onServerMessage(Message message) {
    if (phase == Phase.START) {
      ServerGreeting greeting = ServerGreeting.parse(message);
      if (greeting == null) {
        fail("malformed server greeting");
        return false;
      }
      state.greeted(greeting);
      phase = Phase.GREETED;
      return true;
    }
    while (true) {
      PendingCommand head = waiting.peekFirst();
      if (head == null) {
        if (!unpairedResponseCounted && phase == Phase.COMMANDS) {
          unpairedResponseCounted = true;
          context.dropped("response to an unseen command");
        }
        return true;
      }
      if (!head.responseStarted()) {
        head.markResponseStarted();
        response.start(head.command().response());
        if (head.command().response() == Command.Response.ROWS) {
          head.resultSet(); // a FETCH answers with rows of the result set its EXECUTE opened
        }
      }
      switch (response.accept(message, head, state)) {
        case MORE:
          head.responsePacket(message);
          return true;
        case DONE:
          head.responsePacket(message);
          return complete();
        case NOT_MINE:
          if (!complete()) {
            return false;
          }
          break;
        default:
          dropWaiting("malformed response");
          fail(response.problem());
          return false;
      }
    }
  }

  /** Emits the exchange of the oldest command, whose response has ended; false to stop reading. */
  private boolean complete() {
    PendingCommand done = waiting.pollFirst();
    if (done == null) {
      return true;
    }
    context.emit(done.toExchange(state, context.connection()));
    if (done.command() == Command.INIT_DB && done.succeeded()) {
      state.namespace(done.namespace());
    }
    boolean authenticated = (done.command() == Command.CONNECT || done.command() == Command.CHANGE_USER) && done.succeeded();
    if (authenticated && (state.clientHas(Capabilities.CLIENT_COMPRESS) || state.clientHas(Capabilities.CLIENT_ZSTD_COMPRESSION))) {
      dropWaiting("compressed protocol");
      fail("compressed protocol not parsed");
      return false;
    }
    completeCommandsWithoutResponse();
    return true;
  }

  private void completeCommandsWithoutResponse() {
    for (PendingCommand head = waiting.peekFirst();
        head != null && head.command().response() == Command.Response.NONE;
        head = waiting.peekFirst()) {
      waiting.pollFirst();
      context.emit(head.toExchange(state, context.connection()));
    }
  }

  private void dropWaiting(String reason) {
    for (PendingCommand dropped = waiting.pollFirst(); dropped != null; dropped = waiting.pollFirst()) {
      context.dropped(reason);
    }
  }

  private void fail(String reason) {
    if (!finished) {
      finish();
      context.unparseable(reason);
    }
  }

  private void finish() {
    finished = true;
    readers.values().forEach(PacketReader::stop);
  }

  /** Routes one direction's messages to the client or server side of the session. */
  private final class MessageEvents implements PacketReader.Listener {
    private final Direction direction;

    MessageEvents(Direction direction) {
      this.direction = direction;
    }

    @Override
    public boolean onMessage(Message message) {
      if (finished) {
        return false;
      }
      return direction == clientDirection ? onClientMessage(message) : onServerMessage(message);
    }

    @Override
    public void onMalformed(String reason) {
      dropWaiting("malformed packets");
      fail(reason);
    }
  }
}
