package io.sockscope.internal.stream;

/**
 * The bytes that all the {@link DataStream}s of one handler thread may hold at once, in their
 * parse buffers and their out-of-order chunks. A stream reserves before it holds bytes and
 * releases when it lets them go; a refusal makes the stream overflow.
 *
 * <p>Confined to the handler thread that owns the streams sharing it: not safe for concurrent
 * use, and needs none, because a connection's streams live on one thread.
 */
public final class MemoryBudget {
  private final long limitBytes;
  private long reservedBytes;

  /**
   * @param limitBytes how many bytes the streams may hold together, at least 0
   */
  public MemoryBudget(long limitBytes) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException(
          "memory budget must be at least 0 bytes, got " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  /** Reserves {@code bytes} if they fit under the limit; reserves nothing otherwise. */
  public boolean tryReserve(long bytes) {
    checkNotNegative(bytes);
    if (bytes > limitBytes - reservedBytes) {
      return false;
    }
    reservedBytes += bytes;
    return true;
  }

  /** Gives back {@code bytes} reserved before. */
  public void release(long bytes) {
    checkNotNegative(bytes);
    if (bytes > reservedBytes) {
      throw new IllegalStateException(
          "released " + bytes + " bytes but only " + reservedBytes + " are reserved");
    }
    reservedBytes -= bytes;
  }

  private static void checkNotNegative(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("byte count must be at least 0, got " + bytes);
    }
  }

  public long limitBytes() {
    return limitBytes;
  }

  public long reservedBytes() {
    return reservedBytes;
  }

  public long availableBytes() {
    return limitBytes - reservedBytes;
  }
}
