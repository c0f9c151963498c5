package io.sockscope.jmh;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.spi.SessionContext;
import org.jspecify.annotations.Nullable;

/**
 * A session context that counts what a session reports and keeps the last exchange, so that
 * building it cannot be optimised away. A session that gives up fails the benchmark at once: a
 * parser that stopped parsing would otherwise look very fast.
 */
final class CountingContext implements SessionContext {
  private final Connection connection;
  int exchanges;
  int dropped;
  @Nullable Exchange last;

  CountingContext(Connection connection) {
    this.connection = connection;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public void emit(Exchange exchange) {
    last = exchange;
    exchanges++;
  }

  @Override
  public void unparseable(String reason) {
    throw new IllegalStateException("the parser gave up on recorded traffic: " + reason);
  }

  @Override
  public void dropped(String reason) {
    dropped++;
  }

  @Override
  public void startsTls() {
    throw new IllegalStateException("the recorded traffic has no TLS upgrade, yet the parser saw one");
  }
}
