package io.sockscope.spi;

import io.sockscope.Role;
import org.jspecify.annotations.Nullable;

/**
 * Which way bytes travelled, seen from the traced process that owns the connection.
 */
public enum Direction {
  /** Written by the traced process (write, send, sendto, ...). */
  SENT,
  /** Read by the traced process (read, recv, recvfrom, ...). */
  RECEIVED;

  public Direction opposite() {
    return this == SENT ? RECEIVED : SENT;
  }

  /**
   * Which way requests travel for a process in {@code role}: a client sends them, a server
   * receives them; null when the role is {@link Role#UNKNOWN} and only the bytes can tell.
   */
  public static @Nullable Direction ofRequests(Role role) {
    switch (role) {
      case CLIENT:
        return SENT;
      case SERVER:
        return RECEIVED;
      default:
        return null;
    }
  }

  /**
   * The traced process's role if requests travel this way: {@link Role#CLIENT} when it sends
   * them, {@link Role#SERVER} when it receives them. The inverse of {@link #ofRequests}.
   */
  public Role roleIfRequests() {
    return this == SENT ? Role.CLIENT : Role.SERVER;
  }
}
