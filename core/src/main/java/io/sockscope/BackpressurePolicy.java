package io.sockscope;

/** What the tracer does when its handler threads fall behind the kernel's records. */
public enum BackpressurePolicy {
  /**
   * The ring reader waits for room. The kernel's ring buffer then fills, and the kernel counts
   * what it could not queue ({@link TracerStats#kernelRecordsLost()}). The default.
   */
  BLOCK,
  /**
   * The ring reader drops the record and counts it ({@link TracerStats#recordsDroppedBehind()}),
   * keeping the kernel's ring drained; the affected connections see gaps.
   */
  DROP
}
