package io.sockscope.jmh;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.spi.SessionContext;
import org.jspecify.annotations.Nullable;

/**
 * A session context that counts the exchanges a session emits and keeps the last one, so that
 * building it cannot be optimised away. A session that gives up or drops an exchange fails the
 * benchmark at once: the recorded traffic has no gaps, and a parser that stopped parsing would
 * otherwise look very fast.
 */
final class CountingContext implements SessionContext {
  private final Connection connection;
  int exchanges;
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
    throw new IllegalStateException("the parser dropped an exchange of recorded traffic without gaps: " + reason);
  }

  @Override
  public void startsTls() {
    throw new IllegalStateException("the recorded traffic has no TLS upgrade, yet the parser saw one");
  }

  @Override
  public void establishRole(Role role) {
    // the benchmark's connections have their role from the start: nothing to change
  }
}
