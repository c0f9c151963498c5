package io.sockscope.spi;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;

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
   * a limit exceeded). The tracer counts the reason (a short fixed phrase) and stops feeding the
   * session.
   */
  void unparseable(String reason);

  /**
   * Counts an exchange that was seen in part but cannot be completed, such as a request whose
   * response was lost in a gap: once per such exchange. Parsing goes on. The reason is a short
   * fixed phrase (it is counted per reason in {@link io.sockscope.TracerStats#lossReasons()}),
   * never bytes from the stream.
   */
  void dropped(String reason);

  /**
   * Says that the bytes after those consumed so far are TLS records: the server accepted an
   * upgrade (PostgreSQL's SSLRequest answered {@code S}, MySQL's SSL request, STARTTLS, ...).
   * The tracer stops parsing the socket's bytes without counting a failure, and tells the kernel
   * to stop copying them. If a probed TLS library carries the plaintext, it arrives as a new
   * stream from its first byte, with a new protocol inference and a new session.
   */
  void startsTls();

  /**
   * Says what the traced process is on this connection, as the protocol's bytes show it (it
   * received a request: {@link Role#SERVER}). Only a connection whose role is {@link
   * Role#UNKNOWN} changes: a socket first seen mid-flight, or one a process inherited
   * over fork (postgres backends inherit the socket their postmaster accepted). From then on
   * {@link #connection()} reports that role, and with it the server's and client's addresses.
   */
  void establishRole(Role role);
}
