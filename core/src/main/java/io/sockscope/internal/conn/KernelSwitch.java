package io.sockscope.internal.conn;

/**
 * Tells the kernel programs to stop copying a connection's bytes, once nothing parses them.
 * Called on handler threads; implementations are safe for concurrent use.
 */
public interface KernelSwitch {
  /** Which bytes of a connection. */
  enum Layer {
    /** What the socket calls move (ciphertext, on a TLS connection). */
    SOCKET,
    /** The plaintext of a TLS library's calls on it; stopping it stops the socket's too. */
    TLS
  }

  /** A switch that does nothing, for tests without a kernel. */
  KernelSwitch NONE = (key, layer) -> false;

  /** Returns true when the kernel stopped copying that layer of that connection. */
  boolean disable(ConnectionKey key, Layer layer);
}
