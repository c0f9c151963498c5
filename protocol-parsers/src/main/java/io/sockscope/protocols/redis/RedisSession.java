package io.sockscope.protocols.redis;

import io.sockscope.protocols.redis.Subscriptions.Kind;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parse state of one Redis connection: a {@link RespDecoder} for the direction that carries
 * commands, another for replies, a {@link CommandQueue} that pairs each reply with the oldest
 * waiting command (so pipelining works), and {@link Subscriptions}, which sets apart the messages
 * the server pushes. Confined to the tracer's handler thread for the connection.
 *
 * <p>Commands are what the process sends when it is the client and what it receives when it is
 * the server. When the role is unknown, the first bytes settle it: a command ({@code *N\r\n$...}
 * and a command name, or an inline command) travels in the command direction, any other RESP value
 * in the reply direction. (An array reply of bulk strings that begins with a word, such as a RESP2
 * pub/sub message, passes for a command: a session that starts there pairs wrongly.)
 *
 * <p>A subscription command becomes one exchange when its last confirmation (one per channel)
 * arrives; an {@code UNSUBSCRIBE} without channels, when a confirmation leaves no subscription or
 * names no channel, or when the next reply or the close comes. Every push is an exchange of its
 * own. {@code SELECT n} answered {@code OK} sets {@code db.namespace} for the exchanges that
 * follow; {@code RESET} sets it to 0.
 *
 * <p>Lost bytes ({@link #onGap}) inside a string are skipped and the exchange still completes,
 * with the string's full length. Lost bytes of the reply direction elsewhere (a large reply of many
 * elements cut by the capture cap, typically) cost the reply of the one command waiting, which is
 * dropped: its client, not pipelining, reads that whole reply before it sends the next command, so
 * the reply direction's bytes are discarded until the next command comes, and the reply after it
 * starts afresh. With more than one command waiting, or in the command direction, there is no
 * telling how many commands or replies were lost, so the session gives up ({@link
 * SessionContext#unparseable}), as it does on malformed bytes.
 *
 * <p>Each command that cannot be completed is counted once with {@link SessionContext#dropped}:
 * when it is forgotten beyond {@link RedisLimits#MAX_PENDING_COMMANDS}, or when the connection
 * closes before its reply. A reply that answers no command seen is counted too.
 */
final class RedisSession implements ParserSession {

  private final SessionContext context;
  private final CommandQueue queue = new CommandQueue();
  private final Subscriptions subscriptions = new Subscriptions();
  private final RespDecoder commands = new RespDecoder(new CommandEvents(), true);
  private final RespDecoder replies = new RespDecoder(new ReplyEvents(), false);
  private final Map<Direction, Long> waitingSinceBeforeDirectionKnown = new EnumMap<>(Direction.class);
  private @Nullable Direction commandDirection;
  private @Nullable String namespace;
  private boolean discardingRepliesUntilNextCommand;
  private boolean finished;

  RedisSession(SessionContext context) {
    this.context = context;
    commandDirection = Direction.ofRequests(context.connection().role());
  }

  @Override
  public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
    if (finished) {
      return data.remaining();
    }
    if (!data.hasRemaining()) {
      return 0;
    }
    if (commandDirection == null) {
      Inference learned = learnCommandDirection(direction, data);
      if (learned == Inference.NEED_MORE_BYTES) {
        waitingSinceBeforeDirectionKnown.putIfAbsent(direction, timestampNanos);
        return 0;
      }
      if (learned == Inference.NO) {
        fail("first bytes are neither a command nor a reply");
        return data.remaining();
      }
    }
    if (discardingRepliesUntilNextCommand && direction != commandDirection) {
      return data.remaining();
    }
    return decoderFor(direction).decode(data, timestampNanos);
  }

  @Override
  public void onGap(Direction direction, long length, long timestampNanos) {
    if (finished) {
      return;
    }
    if (commandDirection == null) {
      fail("bytes lost before the first command or reply");
    } else if (direction != commandDirection && discardingRepliesUntilNextCommand) {
      return;
    } else if (decoderFor(direction).skip(length, timestampNanos)) {
      return;
    } else if (direction != commandDirection && queue.waitingCount() <= 1) {
      PendingCommand cut = queue.poll();
      if (cut != null) {
        drop(cut, "reply cut by a gap");
      }
      discardingRepliesUntilNextCommand = true;
    } else {
      fail("bytes lost outside a string");
    }
  }

  @Override
  public void onClose(long timestampNanos) {
    if (finished) {
      return;
    }
    PendingCommand next = queue.peek();
    if (next != null && next.expectedConfirmations() == PendingCommand.ALL_CHANNELS && next.confirmations() > 0) {
      queue.poll();
      emitSubscription(next);
    }
    if (commands.isInsideValue()) {
      context.dropped("command cut by close");
    }
    for (PendingCommand unanswered = queue.pollWaiting(); unanswered != null; unanswered = queue.pollWaiting()) {
      drop(unanswered, "no reply before close");
    }
    finish();
  }

  private Inference learnCommandDirection(Direction direction, ByteBuffer data) {
    int from = data.position();
    int limit = data.limit();
    Inference asCommand = RespStart.command(data, from, limit);
    Inference asReply = RespStart.reply(data, from, limit);
    Inference asInline = RespStart.inlineCommand(data, from, limit);
    if (asCommand == Inference.YES || asInline == Inference.YES) {
      commandDirection = direction;
    } else if (asReply == Inference.YES && asCommand == Inference.NO) {
      // A command is also a valid array reply: until it can be told apart, wait.
      commandDirection = direction.opposite();
    } else {
      boolean mayBecomeOne = asCommand == Inference.NEED_MORE_BYTES
          || asReply == Inference.NEED_MORE_BYTES
          || asInline == Inference.NEED_MORE_BYTES;
      return mayBecomeOne ? Inference.NEED_MORE_BYTES : Inference.NO;
    }
    context.establishRole(commandDirection.roleIfRequests());
    waitingSinceBeforeDirectionKnown.forEach((waiting, sinceNanos) -> decoderFor(waiting).bytesFirstOfferedAt(sinceNanos));
    waitingSinceBeforeDirectionKnown.clear();
    return Inference.YES;
  }

  private RespDecoder decoderFor(Direction direction) {
    return direction == commandDirection ? commands : replies;
  }

  private void onCommand(RespValue value) {
    if (discardingRepliesUntilNextCommand) {
      discardingRepliesUntilNextCommand = false;
      replies.restartAtValueBoundary();
    }
    PendingCommand command = new PendingCommand(Command.of(value), value.startNanos(), value.wireBytes());
    PendingCommand evicted = queue.add(command);
    if (evicted != null) {
      drop(evicted, "more than " + RedisLimits.MAX_PENDING_COMMANDS + " commands without reply");
    }
  }

  private void onReply(RespValue reply) {
    PendingCommand next = queue.peek();
    Kind kind = subscriptions.classify(reply, next);
    if (kind == Kind.PUSH) {
      context.emit(RedisExchanges.push(context.connection(), reply));
      return;
    }
    if (next != null && kind == Kind.REPLY && next.expectedConfirmations() == PendingCommand.ALL_CHANNELS
        && next.confirmations() > 0) {
      // The unsubscribe from every channel has had all its confirmations: this answers the next.
      queue.poll();
      emitSubscription(next);
      next = queue.peek();
      kind = subscriptions.classify(reply, next);
    }
    if (next != null && kind == Kind.CONFIRMATION) {
      long count = subscriptions.confirmed(reply);
      next.confirm(reply, count);
      if (Subscriptions.completes(next, reply, count)) {
        queue.poll();
        emitSubscription(next);
      }
      return;
    }
    PendingCommand answered = queue.poll();
    if (answered == null) {
      context.dropped("reply to an unseen command");
      return;
    }
    if (!answered.isDropped()) {
      context.emit(RedisExchanges.reply(context.connection(), answered, reply, namespace));
    }
    followConnectionState(answered.command(), reply);
  }

  /** Applies what a command did to the connection: the database selected, a reset. */
  private void followConnectionState(Command command, RespValue reply) {
    RespValue.Element scalar = reply.scalar();
    if (reply.type() != RespType.SIMPLE_STRING || scalar == null) {
      return;
    }
    String database = command.argument(0);
    if (command.name().equals("SELECT") && "OK".equals(scalar.text()) && database != null
        && isDatabaseIndex(database)) {
      namespace = database;
    } else if (command.name().equals("RESET") && "RESET".equals(scalar.text())) {
      namespace = "0";
      subscriptions.reset();
    }
  }

  private static boolean isDatabaseIndex(String text) {
    if (text.isEmpty() || text.length() > 10) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private void emitSubscription(PendingCommand command) {
    if (!command.isDropped()) {
      context.emit(RedisExchanges.subscription(context.connection(), command, namespace));
    }
  }

  /** Counts a command that will not become an exchange, unless it was counted already. */
  private void drop(PendingCommand command, String reason) {
    if (!command.isDropped()) {
      command.markDropped();
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
    commands.stop();
    replies.stop();
  }

  private final class CommandEvents implements RespDecoder.Listener {
    @Override
    public void onValue(RespValue value) {
      onCommand(value);
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }

  private final class ReplyEvents implements RespDecoder.Listener {
    @Override
    public void onValue(RespValue value) {
      onReply(value);
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }
}
