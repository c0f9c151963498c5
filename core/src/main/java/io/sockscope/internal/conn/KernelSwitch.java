package io.sockscope.internal.conn;

/**
 * Tells the kernel programs to stop copying a connection's bytes, once nothing parses them.
 * Called on handler threads; implementations are safe for concurrent use.
 */
public interface KernelSwitch {
  /** A switch that does nothing, for tests without a kernel. */
  KernelSwitch NONE = key -> false;

  /** Returns true when the kernel stopped copying that connection. */
  boolean disable(ConnectionKey key);
}
