package io.sockscope.spi;

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
}
