package io.sockscope.internal.pipeline;

import io.sockscope.internal.bpf.BpfObject;
import io.sockscope.internal.record.RecordLayout;
import org.jspecify.annotations.Nullable;

/**
 * Sums the kernel's per-CPU loss counters (map {@code losses}). Safe for concurrent use: each
 * read is one system call per counter, under this object's lock. {@link #freeze()} takes the
 * last reading before the map is freed; every read after it answers that reading, so the
 * tracer's stats keep the kernel's losses once it is closed.
 */
public final class KernelLossCounters {
  private final BpfObject object;
  private final int mapFd;
  private final int cpus;
  private long @Nullable [] frozen;

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

  /** Reads every counter one last time; later reads answer these values. Idempotent. */
  public synchronized void freeze() {
    if (frozen == null) {
      long[] last = new long[RecordLayout.LOSS_COUNT];
      for (int i = 0; i < last.length; i++) {
        last[i] = sum(i);
      }
      frozen = last;
    }
  }

  private long sum(int index) {
    if (frozen != null) {
      return frozen[index];
    }
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
