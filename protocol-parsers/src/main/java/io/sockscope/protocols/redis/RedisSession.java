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
 * starts afresh. Lost bytes elsewhere (records the kernel could not queue, typically) on a
 * connection whose client has never had a reply come with two commands waiting, so does not
 * pipeline, cost the commands around them: the one cut by the gap and those waiting are dropped,
 * bytes of the command direction are skipped up to the next line that begins a command, and the
 * reply direction's bytes are discarded until that command comes, since that client reads every
 * reply before it sends the next command. Commands lost whole in a gap count only as its bytes.
 * On a connection that pipelines, there is no telling which reply answers which command after
 * such a gap, so the session gives up ({@link SessionContext#unparseable}), as it does on
 * malformed bytes.
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
  /**
   * Whether the client pipelines, so that a gap cannot be crossed: a reply came with two commands
   * waiting, or a command began in the call that ended the one before. (Two commands waiting alone
   * prove nothing: the reply between them may have been lost, and the gap that says so comes with
   * the next reply.)
   */
  private boolean pipelined;
  /** When the call that carried the last command's last byte returned. */
  private long lastCommandEndNanos = Long.MIN_VALUE;
  /** When the call that carried the latest bytes of the reply direction returned, discarded or not. */
  private long lastReplyBytesNanos = Long.MIN_VALUE;
  /** After a gap in the command direction: skipping bytes up to the next line that begins a command. */
  private boolean findingNextCommand;
  /** While finding the next command: whether the next byte offered begins a line. */
  private boolean atLineStart;
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
    if (direction != commandDirection) {
      lastReplyBytesNanos = Math.max(lastReplyBytesNanos, timestampNanos);
      if (discardingRepliesUntilNextCommand) {
        return data.remaining();
      }
    }
    if (findingNextCommand && direction == commandDirection) {
      return findNextCommand(data, timestampNanos);
    }
    return decoderFor(direction).decode(data, timestampNanos);
  }

  /**
   * Skips bytes up to the next line that begins a command, and decodes from there. The first byte
   * after the gap counts as a line start: a call's bytes usually begin with a command.
   */
  private int findNextCommand(ByteBuffer data, long timestampNanos) {
    int from = data.position();
    int limit = data.limit();
    int candidate = atLineStart ? from : afterLineFeed(data, from, limit);
    while (candidate >= 0 && candidate < limit) {
      Inference start = RespStart.command(data, candidate, limit);
      if (start == Inference.YES) {
        findingNextCommand = false;
        data.position(candidate);
        try {
          return candidate - from + commands.decode(data, timestampNanos);
        } finally {
          data.position(from);
        }
      }
      if (start == Inference.NEED_MORE_BYTES) {
        atLineStart = true;
        return candidate - from; // offered again with more behind it
      }
      candidate = afterLineFeed(data, candidate, limit);
    }
    atLineStart = candidate == limit;
    return limit - from;
  }

  /** The index after the first line feed from {@code from}, or -1 when there is none. */
  private static int afterLineFeed(ByteBuffer data, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (data.get(i) == '\n') {
        return i + 1;
      }
    }
    return -1;
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
    } else if (!pipelined || direction != commandDirection && queue.waitingCount() <= 1) {
      restartAfterGap(direction);
    } else {
      fail("bytes lost outside a string");
    }
  }

  /**
   * Crosses lost bytes outside a string on a connection whose client reads each reply before it
   * sends the next command: the commands waiting are dropped, since their replies are lost or are
   * the ones coming; replies are discarded until the next command comes, and pairing starts
   * afresh there. After a gap in the command direction, the command it cut is dropped and the
   * bytes up to the next line that begins a command are skipped.
   */
  private void restartAfterGap(Direction direction) {
    if (direction == commandDirection) {
      if (commands.isInsideValue()) {
        context.dropped("command cut by a gap");
      }
      commands.restartAtValueBoundary();
      findingNextCommand = true;
      atLineStart = true; // the first byte after a gap may begin a command: a call's bytes usually do
    }
    String reason = direction == commandDirection ? "reply lost to a gap" : "reply cut by a gap";
    for (PendingCommand waiting = queue.poll(); waiting != null; waiting = queue.poll()) {
      drop(waiting, reason);
    }
    discardingRepliesUntilNextCommand = true;
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
    if (!pipelined && value.startNanos() < lastReplyBytesNanos) {
      // Offered after reply bytes that came later than it: it waited behind lost bytes, and its
      // reply, from a client that does not pipeline, was among those, counted or discarded then.
      return;
    }
    if (discardingRepliesUntilNextCommand) {
      discardingRepliesUntilNextCommand = false;
      replies.restartAtValueBoundary();
    }
    pipelined |= value.startNanos() == lastCommandEndNanos;
    lastCommandEndNanos = value.endNanos();
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
    pipelined |= queue.waitingCount() > 1;
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
