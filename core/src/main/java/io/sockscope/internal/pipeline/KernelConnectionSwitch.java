package io.sockscope.internal.pipeline;

import io.sockscope.internal.bpf.BpfObject;
import io.sockscope.internal.conn.ConnectionKey;
import io.sockscope.internal.conn.KernelSwitch;
import io.sockscope.internal.record.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Clears {@code traced} (and for the TLS layer {@code tls_traced} too) in the kernel's entry
 * for a connection (map {@code conns}), so its bytes are no longer copied. Checks the generation first: a descriptor closed and reused since
 * is another connection and stays traced. Safe for concurrent use (each call is two syscalls
 * on buffers of its own).
 */
final class KernelConnectionSwitch implements KernelSwitch {
  private final BpfObject object;
  private final int connsFd;

  KernelConnectionSwitch(BpfObject object) {
    this.object = object;
    this.connsFd = object.mapFd("conns");
  }

  @Override
  public boolean disable(ConnectionKey key, Layer layer) {
    byte[] keyBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(key.tgid()).putInt(key.fd()).array();
    byte[] value = new byte[RecordLayout.CONN_STATE_SIZE];
    if (!object.lookup(connsFd, keyBytes, value)) {
      return false;
    }
    ByteBuffer state = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
    if (state.getLong(RecordLayout.CONN_STATE_GENERATION) != key.generation()) {
      return false;
    }
    state.putInt(RecordLayout.CONN_STATE_TRACED, 0);
    if (layer == Layer.TLS) {
      state.putInt(RecordLayout.CONN_STATE_TLS_TRACED, 0);
    }
    return object.replace(connsFd, keyBytes, value);
  }
}
