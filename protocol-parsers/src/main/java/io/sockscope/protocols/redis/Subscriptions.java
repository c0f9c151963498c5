package io.sockscope.protocols.redis;

import com.google.common.collect.ImmutableSet;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Tells pub/sub pushes from replies on one connection. Confined to the session's thread.
 *
 * <p>A subscription command ({@code SUBSCRIBE}, {@code PSUBSCRIBE}, {@code SSUBSCRIBE} and their
 * {@code UN} forms) is confirmed once per channel it names, by an array (RESP2) or a push (RESP3)
 * whose first element is the command's name in lower case and whose last is the number of
 * subscriptions left. Messages come with no command: in RESP3 as pushes, in RESP2 as arrays
 * starting with {@code message}, {@code pmessage} or {@code smessage}, which can only be messages
 * while the connection is subscribed (from the first subscribe confirmation until an unsubscribe
 * confirmation leaves no subscription, or {@code RESET}). Other RESP3 pushes (client-side caching
 * invalidations, ...) are messages too.
 */
final class Subscriptions {

  /** What a reply is, in the light of the command it would answer. */
  enum Kind {
    /** The reply to the oldest waiting command. */
    REPLY,
    /** One confirmation of the oldest waiting command, a subscription command. */
    CONFIRMATION,
    /** A message the server pushed, answering no command. */
    PUSH
  }

  private static final ImmutableSet<String> SUBSCRIBES = ImmutableSet.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE");
  private static final ImmutableSet<String> UNSUBSCRIBES =
      ImmutableSet.of("UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE");
  private static final ImmutableSet<String> RESP2_MESSAGES = ImmutableSet.of("message", "pmessage", "smessage");

  private boolean subscribed;

  /** How many confirmations a command waits for; see {@link PendingCommand#expectedConfirmations()}. */
  static int expectedConfirmations(Command command) {
    boolean subscribe = SUBSCRIBES.contains(command.name());
    if (!subscribe && !UNSUBSCRIBES.contains(command.name())) {
      return 0;
    }
    if (command.argumentCount() == 0) {
      // SUBSCRIBE without a channel is an error, answered once.
      return subscribe ? 1 : PendingCommand.ALL_CHANNELS;
    }
    return (int) Math.min(Integer.MAX_VALUE, command.argumentCount());
  }

  /** What {@code reply} is, when {@code next} is the oldest waiting command (or null). */
  Kind classify(RespValue reply, @Nullable PendingCommand next) {
    RespType type = reply.type();
    if (type != RespType.PUSH && type != RespType.ARRAY) {
      return Kind.REPLY;
    }
    String first = reply.elementText(0);
    boolean confirms =
        first != null
            && next != null
            && next.isSubscriptionCommand()
            && reply.elementCount() == 3
            && first.toUpperCase(Locale.ROOT).equals(next.command().name());
    if (confirms) {
      return Kind.CONFIRMATION;
    }
    if (type == RespType.PUSH) {
      return Kind.PUSH;
    }
    return subscribed && first != null && RESP2_MESSAGES.contains(first) ? Kind.PUSH : Kind.REPLY;
  }

  /**
   * Notes a confirmation and returns the subscription count it reports (-1 if it has none); a
   * subscribe enters the subscribed state, an unsubscribe leaving no subscription leaves it.
   */
  long confirmed(RespValue confirmation) {
    String kind = String.valueOf(confirmation.elementText(0)).toUpperCase(Locale.ROOT);
    long count = parseCount(confirmation.elementText(2));
    if (SUBSCRIBES.contains(kind)) {
      subscribed = true;
    } else if (count == 0 && !kind.equals("SUNSUBSCRIBE")) {
      subscribed = false;
    }
    return count;
  }

  /** Whether a confirmation completes its command, which has had {@code confirmations} so far. */
  static boolean completes(PendingCommand command, RespValue confirmation, long count) {
    if (command.expectedConfirmations() == PendingCommand.ALL_CHANNELS) {
      return count == 0 || confirmation.elementText(1) == null;
    }
    return command.confirmations() >= command.expectedConfirmations();
  }

  /** {@code RESET} answered: the connection is back to its first state, subscribed to nothing. */
  void reset() {
    subscribed = false;
  }

  private static long parseCount(@Nullable String text) {
    if (text == null) {
      return -1;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
