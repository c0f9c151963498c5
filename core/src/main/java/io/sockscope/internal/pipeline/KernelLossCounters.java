package io.sockscope.internal.pipeline;

import io.sockscope.internal.bpf.BpfObject;
import io.sockscope.internal.record.RecordLayout;

/**
 * Sums the kernel's per-CPU loss counters (map {@code losses}). Safe for concurrent use: each
 * read is one system call per counter, under this object's lock.
 */
public final class KernelLossCounters {
  private final BpfObject object;
  private final int mapFd;
  private final int cpus;

  public KernelLossCounters(BpfObject object, int cpus) {
    this.object = object;
    this.mapFd = object.mapFd("losses");
    this.cpus = cpus;
  }

  public synchronized long recordsLost() {
    return sum(RecordLayout.LOSS_RECORDS);
  }

  public synchronized long bytesLost() {
    return sum(RecordLayout.LOSS_BYTES);
  }

  /** TLS calls whose socket the kernel did not know, so their plaintext was not reported. */
  public synchronized long tlsCallsUnattributed() {
    return sum(RecordLayout.LOSS_TLS_UNATTRIBUTED_CALLS);
  }

  public synchronized long tlsBytesUnattributed() {
    return sum(RecordLayout.LOSS_TLS_UNATTRIBUTED_BYTES);
  }

  private long sum(int index) {
    byte[] key = {(byte) index, 0, 0, 0};
    byte[] values = new byte[cpus * Long.BYTES];
    if (!object.lookup(mapFd, key, values)) {
      return 0;
    }
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(values).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long total = 0;
    for (int cpu = 0; cpu < cpus; cpu++) {
      total += buffer.getLong(cpu * Long.BYTES);
    }
    return total;
  }
}
