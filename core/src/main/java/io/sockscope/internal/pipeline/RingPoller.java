package io.sockscope.internal.pipeline;

import io.sockscope.internal.libc.Epoll;
import io.sockscope.internal.ring.RingReader;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The ring reader thread: drains the kernel's ring buffer into the Disruptor, and checks the
 * kernel's loss counters a few times a second. {@link #start()} and {@link #stop()} are called by
 * the tracer's owning thread; everything else runs on the poller's own thread.
 *
 * <p>The reader polls. The eBPF programs do not wake it for each record, which would cost an
 * interrupt and a context switch per record, but only when the bytes waiting on the ring reach
 * {@link #wakeupBytes(int)}. So after a drain that found records it pauses {@link #BUSY_PAUSE_NANOS}
 * to let the next batch gather, and when the ring is empty it sleeps in epoll for at most
 * {@link #IDLE_WAIT_MILLIS}: a record reaches the handlers within about that long.
 */
public final class RingPoller implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.sockscope");
  static final int IDLE_WAIT_MILLIS = 10;
  static final long BUSY_PAUSE_NANOS = 1_000_000L;
  /** A record at the head of the ring is reserved but not committed yet: check again soon. */
  private static final long UNCOMMITTED_PAUSE_NANOS = 20_000L;
  private static final long LOSS_CHECK_NANOS = 100_000_000L;

  private final RingReader reader;
  private final Epoll epoll;
  private final RecordPublisher publisher;
  private final KernelLossCounters losses;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private long lossesSeen;
  private long lastLossCheck;

  public RingPoller(RingReader reader, Epoll epoll, RecordPublisher publisher, KernelLossCounters losses) {
    this.reader = reader;
    this.epoll = epoll;
    this.publisher = publisher;
    this.losses = losses;
    this.thread = new Thread(this, "sockscope-ring-reader");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  @Override
  public void run() {
    try {
      while (running) {
        int delivered = reader.drain(publisher);
        publisher.flush();
        checkLosses();
        if (delivered > 0) {
          LockSupport.parkNanos(BUSY_PAUSE_NANOS);
        } else if (reader.hasData()) {
          LockSupport.parkNanos(UNCOMMITTED_PAUSE_NANOS);
        } else {
          epoll.await(IDLE_WAIT_MILLIS);
        }
      }
      reader.drain(publisher); // what the programs wrote before they were detached
      publisher.flush();
      checkLosses();
    } catch (IOException | RuntimeException e) { // RingCorruptedException among them
      failure = e;
      LOG.log(System.Logger.Level.ERROR, "sockscope's ring reader stopped", e);
    }
  }

  private void checkLosses() {
    long now = System.nanoTime();
    if (now - lastLossCheck < LOSS_CHECK_NANOS && running) {
      return;
    }
    lastLossCheck = now;
    long lost = losses.recordsLost();
    if (lost != lossesSeen) {
      lossesSeen = lost;
      publisher.publishKernelLoss(now);
    }
  }

  /**
   * The bytes waiting on a ring of {@code ringBytes} at which the eBPF programs wake the reader:
   * an eighth of the ring, so that a burst is read long before the ring fills.
   */
  public static int wakeupBytes(int ringBytes) {
    return ringBytes / 8;
  }

  /** Why the reader stopped early, or null while it runs or after a clean stop. */
  public Throwable failure() {
    return failure;
  }

  /** Wakes the reader, lets it drain what is left, and waits for it to end. */
  public void stop() throws InterruptedException {
    running = false;
    epoll.wakeUp();
    thread.join();
  }
}
