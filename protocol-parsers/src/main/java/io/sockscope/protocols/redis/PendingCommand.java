package io.sockscope.protocols.redis;

/**
 * A command that has been read, waiting for the reply that completes it into an exchange. A
 * subscription command ({@code SUBSCRIBE}, {@code UNSUBSCRIBE}, ...) waits for one confirmation
 * per channel, counted here. Confined to the session's thread.
 */
final class PendingCommand {

  /** {@link #expectedConfirmations()} of an unsubscribe from every channel: as many as there are. */
  static final int ALL_CHANNELS = -1;

  private final Command command;
  private final long startNanos;
  private final long requestBytes;
  private final int expectedConfirmations;
  private int confirmations;
  private long confirmationBytes;
  private long subscriptionCount = -1;
  private long lastConfirmationEndNanos;
  private RespType confirmationType = RespType.PUSH;
  private boolean dropped;

  PendingCommand(Command command, long startNanos, long requestBytes) {
    this.command = command;
    this.startNanos = startNanos;
    this.requestBytes = requestBytes;
    this.expectedConfirmations = Subscriptions.expectedConfirmations(command);
  }

  Command command() {
    return command;
  }

  /** When the call that carried the command's first byte returned. */
  long startNanos() {
    return startNanos;
  }

  /** Bytes the command took on the wire. */
  long requestBytes() {
    return requestBytes;
  }

  /**
   * How many confirmations a subscription command waits for: one per channel or pattern named, or
   * {@link #ALL_CHANNELS}; 0 for any other command, which waits for one reply.
   */
  int expectedConfirmations() {
    return expectedConfirmations;
  }

  boolean isSubscriptionCommand() {
    return expectedConfirmations != 0;
  }

  /** Counts one confirmation of this subscription command. */
  void confirm(RespValue confirmation, long subscriptionCountAfter) {
    confirmations++;
    confirmationBytes += confirmation.wireBytes();
    confirmationType = confirmation.type();
    subscriptionCount = subscriptionCountAfter;
    lastConfirmationEndNanos = confirmation.endNanos();
  }

  int confirmations() {
    return confirmations;
  }

  long confirmationBytes() {
    return confirmationBytes;
  }

  /** The subscription count the last confirmation reported; -1 before any. */
  long subscriptionCount() {
    return subscriptionCount;
  }

  long lastConfirmationEndNanos() {
    return lastConfirmationEndNanos;
  }

  /** {@link RespType#PUSH} in RESP3, {@link RespType#ARRAY} in RESP2. */
  RespType confirmationType() {
    return confirmationType;
  }

  /** Whether this command has been counted as dropped, so it never becomes an exchange. */
  boolean isDropped() {
    return dropped;
  }

  void markDropped() {
    dropped = true;
  }
}
