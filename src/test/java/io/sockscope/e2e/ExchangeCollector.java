package io.sockscope.e2e;

import io.sockscope.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Collects the exchanges a tracer hands over, from its handler threads, for a test to wait on. */
final class ExchangeCollector implements Consumer<Exchange> {
  private final List<Exchange> exchanges = new ArrayList<>();

  @Override
  public synchronized void accept(Exchange exchange) {
    exchanges.add(exchange);
    notifyAll();
  }

  /**
   * Waits until {@code count} exchanges match, then a little longer so that any extra one shows,
   * and returns all that match, in arrival order.
   */
  synchronized List<Exchange> await(Predicate<Exchange> filter, int count, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (matching(filter).size() < count && System.nanoTime() < deadline) {
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    wait(500);
    return matching(filter);
  }

  synchronized List<Exchange> all() {
    return List.copyOf(exchanges);
  }

  private List<Exchange> matching(Predicate<Exchange> filter) {
    return exchanges.stream().filter(filter).collect(Collectors.toList());
  }
}
