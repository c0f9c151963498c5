package io.sockscope.e2e;

import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.util.concurrent.TimeUnit;

/** Waits on a running tracer's counters, which its handler threads update asynchronously. */
final class TracerWaits {
  private TracerWaits() {}

  /** The stats once {@code connections} connections were seen closing, or after 10 s. */
  static TracerStats awaitClosed(Tracer tracer, int connections) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    TracerStats stats = tracer.stats();
    while (stats.connectionsClosed() < connections && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stats = tracer.stats();
    }
    return stats;
  }
}
