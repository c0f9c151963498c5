package io.sockscope.protocols.http;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.spi.SessionContext;
import java.util.ArrayList;
import java.util.List;

/** A session context that records what the session reports, for tests to assert on. */
final class RecordingContext implements SessionContext {

  final List<Exchange> exchanges = new ArrayList<>();
  final List<String> unparseable = new ArrayList<>();
  final List<String> dropped = new ArrayList<>();
  private final Connection connection;

  RecordingContext(Connection connection) {
    this.connection = connection;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public void emit(Exchange exchange) {
    exchanges.add(exchange);
  }

  @Override
  public void unparseable(String reason) {
    unparseable.add(reason);
  }

  @Override
  public void dropped(String reason) {
    dropped.add(reason);
  }

  /** The only exchange emitted; fails unless exactly one was. */
  Exchange onlyExchange() {
    if (exchanges.size() != 1) {
      throw new AssertionError("expected one exchange, got " + exchanges);
    }
    return exchanges.get(0);
  }
}
