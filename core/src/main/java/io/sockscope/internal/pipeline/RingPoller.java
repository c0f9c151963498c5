package io.sockscope.internal.pipeline;

import io.sockscope.internal.libc.Epoll;
import io.sockscope.internal.ring.RingReader;
import java.io.IOException;

/**
 * The ring reader thread: drains the kernel's ring buffer into the Disruptor, sleeps in epoll
 * when the ring is empty, and checks the kernel's loss counters a few times a second.
 * {@link #start()} and {@link #stop()} are called by the tracer's owning thread; everything
 * else runs on the poller's own thread.
 */
public final class RingPoller implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.sockscope");
  private static final int WAIT_MILLIS = 100;
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
        checkLosses();
        if (delivered == 0 && !reader.hasData()) {
          epoll.await(WAIT_MILLIS);
        }
      }
      reader.drain(publisher); // what the programs wrote before they were detached
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
