package io.sockscope.spi;

import io.sockscope.Connection;
import io.sockscope.Exchange;

/**
 * What a {@link ParserSession} reports to. Confined to the session's handler thread.
 */
public interface SessionContext {

  /** The connection this session parses. */
  Connection connection();

  /** Hands a completed request/response exchange to the tracer's callbacks. */
  void emit(Exchange exchange);

  /**
   * Says the connection cannot be parsed any further (malformed bytes, an unrecoverable gap,
   * a limit exceeded). The tracer counts the reason and stops feeding the session.
   */
  void unparseable(String reason);

  /**
   * Counts a message that was seen in part but cannot become an exchange, such as a request
   * whose response was lost in a gap. Parsing goes on.
   */
  void dropped(String reason);
}
