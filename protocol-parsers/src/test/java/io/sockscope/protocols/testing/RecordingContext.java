package io.sockscope.protocols.testing;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.spi.SessionContext;
import java.util.ArrayList;
import java.util.List;

/** A session context that records what the session reports, for tests to assert on. */
public final class RecordingContext implements SessionContext {

  public final List<Exchange> exchanges = new ArrayList<>();
  public final List<String> unparseable = new ArrayList<>();
  public final List<String> dropped = new ArrayList<>();
  /** How many times the session said TLS starts on the socket. */
  public int tlsStarts;
  private Connection connection;

  public RecordingContext(Connection connection) {
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

  @Override
  public void establishRole(Role role) {
    if (connection.role() == Role.UNKNOWN) {
      connection = connection.withRole(role);
    }
  }

  @Override
  public void startsTls() {
    tlsStarts++;
  }

  /** The only exchange emitted; fails unless exactly one was. */
  public Exchange onlyExchange() {
    if (exchanges.size() != 1) {
      throw new AssertionError("expected one exchange, got " + exchanges);
    }
    return exchanges.get(0);
  }

  /** The summary of each exchange emitted, in order. */
  public List<String> summaries() {
    return exchanges.stream().map(Exchange::summary).toList();
  }
}
