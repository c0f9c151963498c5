package io.sockscope.protocols.redis;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The commands of one connection waiting for their reply, oldest first. Redis answers commands in
 * order (pipelined ones too), so a reply answers the oldest. Confined to the session's thread.
 *
 * <p>Beyond {@link RedisLimits#MAX_PENDING_COMMANDS} the oldest command is forgotten. Its reply
 * still comes first; it is paired with a stand-in that is already dropped, so the commands behind
 * keep their own replies.
 */
final class CommandQueue {

  private final ArrayDeque<PendingCommand> waiting = new ArrayDeque<>();
  private final PendingCommand forgotten;
  private long repliesOwedToForgottenCommands;

  CommandQueue() {
    forgotten = new PendingCommand(Command.of(new RespValue(0)), 0, 0);
    forgotten.markDropped();
  }

  /**
   * Adds a command behind the others. Returns the oldest command, forgotten to make room, when
   * {@link RedisLimits#MAX_PENDING_COMMANDS} were already waiting; null otherwise.
   */
  @Nullable PendingCommand add(PendingCommand command) {
    PendingCommand evicted = null;
    if (waiting.size() >= RedisLimits.MAX_PENDING_COMMANDS) {
      evicted = waiting.pollFirst();
      repliesOwedToForgottenCommands++;
    }
    waiting.addLast(command);
    return evicted;
  }

  /**
   * The command the next reply answers, without removing it: a dropped stand-in when it answers a
   * forgotten command; null when none is waiting.
   */
  @Nullable PendingCommand peek() {
    return repliesOwedToForgottenCommands > 0 ? forgotten : waiting.peekFirst();
  }

  /** Removes and returns what {@link #peek()} returns. */
  @Nullable PendingCommand poll() {
    if (repliesOwedToForgottenCommands > 0) {
      repliesOwedToForgottenCommands--;
      return forgotten;
    }
    return waiting.pollFirst();
  }

  /** How many commands wait for their reply, forgotten ones included. */
  long waitingCount() {
    return waiting.size() + repliesOwedToForgottenCommands;
  }

  /** Removes and returns the oldest waiting command, skipping stand-ins; null when none waits. */
  @Nullable PendingCommand pollWaiting() {
    return waiting.pollFirst();
  }
}
