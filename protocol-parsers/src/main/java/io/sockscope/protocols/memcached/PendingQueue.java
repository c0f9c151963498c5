package io.sockscope.protocols.memcached;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * The requests of one connection waiting for their reply, oldest first, at most {@link
 * MemcachedLimits#MAX_PENDING_REQUESTS}: adding one more forgets the oldest, whose reply the session
 * must then recognise and discard. Confined to the session's thread.
 */
final class PendingQueue implements Iterable<PendingRequest> {

  private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();

  /** Adds a request behind the others; returns the oldest, forgotten to make room, or null. */
  @Nullable PendingRequest add(PendingRequest request) {
    PendingRequest forgotten = null;
    if (waiting.size() >= MemcachedLimits.MAX_PENDING_REQUESTS) {
      forgotten = waiting.pollFirst();
    }
    waiting.addLast(request);
    return forgotten;
  }

  @Nullable PendingRequest peekOldest() {
    return waiting.peekFirst();
  }

  @Nullable PendingRequest pollOldest() {
    return waiting.pollFirst();
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  @Override
  public Iterator<PendingRequest> iterator() {
    return waiting.iterator();
  }
}
