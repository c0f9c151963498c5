package io.sockscope.internal.conn;

/**
 * The kernel's identity of a connection: process, descriptor, and the time it was first seen.
 *
 * <p>{@link #equals} and {@link #hashCode} are written out: every record looks its connection up
 * by key, and the generated ones go through method handles that did not always inline there.
 */
public record ConnectionKey(int tgid, int fd, long generation) {
  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionKey
        && ((ConnectionKey) o).tgid == tgid
        && ((ConnectionKey) o).fd == fd
        && ((ConnectionKey) o).generation == generation;
  }

  @Override
  public int hashCode() {
    return (tgid * 31 + fd) * 31 + Long.hashCode(generation);
  }
}
