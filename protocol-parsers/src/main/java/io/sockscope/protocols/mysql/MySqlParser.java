package io.sockscope.protocols.mysql;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;

/**
 * Parses the MySQL client/server protocol as MySQL and MariaDB speak it: the handshake (server
 * greeting, handshake response, authentication switch, SSL request), text queries with OK, ERR and
 * result sets, several results per query, LOCAL INFILE, prepared statements (PREPARE, EXECUTE with
 * binary result sets, CLOSE, RESET, FETCH, MariaDB's bulk execute), PING, INIT_DB, FIELD_LIST and the
 * other commands, pipelined commands, and payloads over 16 MiB split across packets. Each command
 * and its response become one {@link io.sockscope.Exchange} named {@code "mysql"}; the handshake
 * response and the end of authentication make one named {@code CONNECT}.
 *
 * <p>Attributes, after OpenTelemetry's database conventions where it has a name:
 *
 * <ul>
 *   <li>{@code db.system.name}: {@code mariadb} when the server's greeting says MariaDB, else
 *       {@code mysql};
 *   <li>{@code db.operation.name}: the statement's first keyword ({@code SELECT}, {@code INSERT},
 *       ...) for a query or execution, else the command ({@code PING}, {@code PREPARE}, {@code
 *       QUIT}, {@code CONNECT}, ...);
 *   <li>{@code db.query.text}: the statement, its first 1 KiB; an EXECUTE carries the text of the
 *       statement it runs, remembered from its PREPARE;
 *   <li>{@code db.namespace}: the default schema (from the handshake, INIT_DB, or the session
 *       state changes of OK packets);
 *   <li>{@code db.response.status_code} and {@code error.type}: the error code of an ERR;
 *   <li>{@code db.response.returned_rows}: the rows of the result sets;
 *   <li>{@code db.collection.name}: the table of a FIELD_LIST;
 *   <li>{@code mysql.command}: the command, {@code QUERY}, {@code STMT_EXECUTE}, ...;
 *   <li>{@code mysql.sqlstate}, {@code mysql.error.message} (at most 256 characters);
 *   <li>{@code mysql.affected_rows}, {@code mysql.last_insert_id}, {@code mysql.warnings},
 *       {@code mysql.result_sets} (when more than one);
 *   <li>{@code mysql.statement.id} for the prepared statement commands;
 *   <li>{@code mysql.user}, {@code mysql.auth.plugin}, {@code mysql.server.version}, {@code
 *       mysql.connection.id} for CONNECT (user and plugin for CHANGE_USER).
 * </ul>
 *
 * <p>Passwords and authentication data are skipped, never kept. Not parsed: the compressed protocol
 * (the connection is given up after authentication), replication streams, and MySQL 8's query
 * attributes with parameters (the text is then not reported).
 *
 * <p>A {@link java.util.ServiceLoader} provider of {@link ProtocolParser}. Stateless and safe for
 * concurrent use; each connection's state is in the {@link ParserSession} from {@link #newSession}.
 */
public final class MySqlParser implements ProtocolParser {

  private static final int USUAL_PORT = 3306;

  public MySqlParser() {}

  @Override
  public String protocol() {
    return "mysql";
  }

  /**
   * {@link Inference#YES} for a server greeting (seq 0, protocol 10, a printable version), a
   * client's handshake response or SSL request (seq 1 or 2, protocol 4.1, zero filler), or a
   * client command (seq 0, a known command byte, a length and content that fit it); {@link
   * Inference#NEED_MORE_BYTES} for a shorter prefix of one; {@link Inference#MAYBE} for other
   * bytes on port 3306; {@link Inference#NO} otherwise. A greeting is only looked for in the
   * server's direction, and a client message in the client's, when the role is known.
   */
  @Override
  public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    int from = firstBytes.position();
    int limit = firstBytes.limit();
    Role role = connection.role();
    Inference answer;
    if (role == Role.UNKNOWN) {
      answer = PacketStart.any(firstBytes, from, limit);
    } else {
      boolean fromClient = (role == Role.CLIENT) == (direction == Direction.SENT);
      answer = fromClient ? PacketStart.fromClient(firstBytes, from, limit) : PacketStart.greeting(firstBytes, from, limit);
    }
    if (answer == Inference.NO && limit - from >= 4 && onUsualPort(connection)) {
      return Inference.MAYBE;
    }
    return answer;
  }

  @Override
  public ParserSession newSession(SessionContext context) {
    return new MySqlSession(context);
  }

  private static boolean onUsualPort(Connection connection) {
    return Connection.port(connection.localAddress()) == USUAL_PORT
        || Connection.port(connection.remoteAddress()) == USUAL_PORT;
  }
}
