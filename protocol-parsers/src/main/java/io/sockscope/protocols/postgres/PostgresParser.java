package io.sockscope.protocols.postgres;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;

/**
 * Parses PostgreSQL's frontend/backend protocol 3.0: the startup (SSLRequest, GSSENCRequest,
 * StartupMessage, authentication), simple queries, the extended protocol (Parse, Bind, Describe,
 * Execute, Close, Sync, Flush; named and unnamed statements and portals), COPY in and out,
 * function calls and CancelRequest. Each startup, Query, Execute, function call and cancel becomes
 * one {@link io.sockscope.Exchange} named {@code "postgresql"}.
 *
 * <p>Attributes, besides the connection's ({@code server.address}, ...):
 *
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><th>Attribute</th><th>Value</th></tr>
 *   <tr><td>{@code db.system.name}</td><td>{@code postgresql}</td></tr>
 *   <tr><td>{@code db.namespace}</td><td>the database of the StartupMessage (its user when
 *       absent), once the startup was seen</td></tr>
 *   <tr><td>{@code postgresql.request.type}</td><td>{@code startup}, {@code query} (simple
 *       protocol), {@code execute} (extended protocol), {@code function_call} or {@code cancel}</td></tr>
 *   <tr><td>{@code db.query.text}</td><td>the SQL text, at most 1024 characters; string literals
 *       replaced by {@code ***} when the text mentions a password. An Execute carries the text of
 *       its statement's Parse, remembered by statement name</td></tr>
 *   <tr><td>{@code db.operation.name}</td><td>the command of the CommandComplete tag ({@code
 *       SELECT}, {@code INSERT}, {@code CREATE TABLE}); for a Query holding several statements
 *       {@code BATCH <command>} when they agree, else {@code BATCH}</td></tr>
 *   <tr><td>{@code db.operation.batch.size}</td><td>statements in one Query, when more than one</td></tr>
 *   <tr><td>{@code db.response.returned_rows}</td><td>rows sent to the client: the count of a
 *       {@code SELECT}, {@code FETCH} or {@code COPY ... TO STDOUT} tag, else the DataRows counted</td></tr>
 *   <tr><td>{@code postgresql.affected_rows}</td><td>the count of an {@code INSERT}, {@code UPDATE},
 *       {@code DELETE}, {@code MERGE} or {@code COPY ... FROM STDIN} tag</td></tr>
 *   <tr><td>{@code db.response.status_code}, {@code error.type}</td><td>the SQLSTATE of an
 *       ErrorResponse ({@code 42P01})</td></tr>
 *   <tr><td>{@code postgresql.error.severity}, {@code postgresql.error.message}</td><td>{@code
 *       ERROR}, {@code FATAL} or {@code PANIC}; the message, at most 256 characters</td></tr>
 *   <tr><td>{@code postgresql.statement.name}, {@code postgresql.portal.name}</td><td>an Execute's
 *       named statement and portal</td></tr>
 *   <tr><td>{@code postgresql.portal.suspended}</td><td>true when an Execute stopped at its row limit</td></tr>
 *   <tr><td>{@code postgresql.notices}</td><td>NoticeResponses during the exchange, when any</td></tr>
 *   <tr><td>{@code postgresql.user}, {@code postgresql.application_name}</td><td>from the
 *       StartupMessage (startup exchanges only)</td></tr>
 *   <tr><td>{@code postgresql.auth.method}</td><td>{@code none}, {@code cleartext}, {@code md5},
 *       {@code scram-sha-256} (the SASL mechanism the client chose), {@code gss}, {@code sspi}</td></tr>
 *   <tr><td>{@code postgresql.ssl.answer}</td><td>{@code N} when an SSLRequest or GSSENCRequest
 *       was refused before the startup</td></tr>
 *   <tr><td>{@code postgresql.cancel.backend_pid}, {@code postgresql.function.oid}</td><td>what a
 *       CancelRequest or FunctionCall names</td></tr>
 * </table>
 *
 * <p>Passwords, SASL and GSSAPI data, Bind parameter values, row values, copy data and the cancel
 * key are never decoded. Not parsed: protocol 2, GSSAPI-encrypted connections, and the replication
 * sub-protocol's contents (its CopyBoth data is counted like copy data).
 *
 * <p>A {@link java.util.ServiceLoader} provider of {@link ProtocolParser}. Stateless and safe for
 * concurrent use; each connection's state is in the {@link ParserSession} from {@link #newSession}.
 */
public final class PostgresParser implements ProtocolParser {

  static final String PROTOCOL = "postgresql";

  /** The server's usual port: a hint for bytes that prove nothing by themselves. */
  static final int USUAL_PORT = 5432;

  public PostgresParser() {}

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  /**
   * {@link Inference#YES} for a client's first packet (StartupMessage for protocol 3, SSLRequest,
   * GSSENCRequest, CancelRequest), for a server's answer to an SSLRequest followed by the
   * authentication request or the TLS handshake, or, for a connection seen mid-flight, a message whose structure
   * checks out and that tells its sender apart: Query, Parse, an authentication request,
   * ReadyForQuery, RowDescription, CommandComplete, DataRow, ErrorResponse, ParameterStatus,
   * BackendKeyData. {@link Inference#NEED_MORE_BYTES} for a shorter prefix of one; {@link
   * Inference#MAYBE} for another known message type with a plausible length when either port is
   * 5432; {@link Inference#NO} otherwise.
   */
  @Override
  public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    int from = firstBytes.position();
    int limit = firstBytes.limit();
    if (from < limit && firstBytes.get(from) == 0) {
      return MessageStarts.untyped(firstBytes, from, limit);
    }
    Inference typed = MessageStarts.typed(firstBytes, from, limit);
    if (typed == Inference.NO) {
      return MessageStarts.afterSecurityAnswer(firstBytes, from, limit);
    }
    if (typed != Inference.MAYBE) {
      return typed;
    }
    boolean usualPort = Connection.port(connection.localAddress()) == USUAL_PORT
        || Connection.port(connection.remoteAddress()) == USUAL_PORT;
    return usualPort ? Inference.MAYBE : Inference.NO;
  }

  @Override
  public ParserSession newSession(SessionContext context) {
    return new PostgresSession(context);
  }
}
