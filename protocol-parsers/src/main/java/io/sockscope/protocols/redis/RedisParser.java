package io.sockscope.protocols.redis;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;

/**
 * Parses Redis's RESP2 and RESP3: commands (arrays of bulk strings, or inline commands) and
 * replies of every type, attributes, streamed strings and aggregates, pipelining, pub/sub,
 * MULTI/EXEC and HELLO's switch to RESP3. Each command and its reply become one {@link
 * io.sockscope.Exchange} named {@code "redis"}; each message the server pushes (pub/sub messages,
 * RESP3 pushes) becomes an exchange of its own. Strings of any length are counted as they pass,
 * never held.
 *
 * <p>Attributes of a command's exchange:
 *
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><th>Attribute</th><th>Value</th></tr>
 *   <tr><td>{@code db.system.name}</td><td>{@code redis}</td></tr>
 *   <tr><td>{@code db.operation.name}</td><td>the command name in upper case; for a container
 *       command ({@code CLIENT}, {@code CONFIG}, {@code ACL}, ...) with its subcommand, as in
 *       {@code CONFIG GET}</td></tr>
 *   <tr><td>{@code db.query.text}</td><td>the command and its arguments, space-separated, each cut
 *       to 128 bytes, the whole to 1024 characters; passwords and other secrets replaced by
 *       {@code ?} ({@code AUTH}, {@code HELLO ... AUTH}, {@code MIGRATE ... AUTH},
 *       {@code ACL SETUSER}, {@code CONFIG SET requirepass ...})</td></tr>
 *   <tr><td>{@code db.namespace}</td><td>the database index, once a {@code SELECT} (or {@code
 *       RESET}) has been seen on the connection</td></tr>
 *   <tr><td>{@code db.response.status_code}, {@code error.type}</td><td>for an error reply, its
 *       first word: {@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}, ...</td></tr>
 *   <tr><td>{@code redis.request.bytes}</td><td>bytes of the command on the wire</td></tr>
 *   <tr><td>{@code redis.response.type}</td><td>the reply's RESP type: {@code simple_string},
 *       {@code simple_error}, {@code integer}, {@code bulk_string}, {@code array}, {@code null},
 *       {@code boolean}, {@code double}, {@code big_number}, {@code bulk_error}, {@code
 *       verbatim_string}, {@code map}, {@code set}, {@code push}</td></tr>
 *   <tr><td>{@code redis.response.length}</td><td>a string's length in bytes, an aggregate's
 *       element count (pairs for a map); for a subscription command, its confirmations; absent for
 *       nulls and one-line values</td></tr>
 *   <tr><td>{@code redis.response.bytes}</td><td>bytes of the reply on the wire (all
 *       confirmations of a subscription command)</td></tr>
 *   <tr><td>{@code redis.subscriptions}</td><td>for a subscription command, the subscription
 *       count its last confirmation reported</td></tr>
 * </table>
 *
 * <p>A pushed message's exchange has {@code db.system.name}, {@code redis.response.type}
 * ({@code push}, or {@code array} in RESP2), {@code redis.response.length}, {@code
 * redis.response.bytes}, {@code redis.push.kind} (its first element: {@code message}, {@code
 * pmessage}, {@code smessage}, {@code invalidate}, ...), {@code redis.push.channel}, {@code
 * redis.push.pattern} (for {@code pmessage}) and {@code redis.push.payload.size} (for messages);
 * it starts and ends with the push.
 *
 * <p>Not handled: {@code CLIENT REPLY OFF|SKIP} (replies the server leaves out make later replies
 * pair with the wrong commands), {@code MONITOR}'s stream (each line is counted as a reply to an
 * unseen command), and replication streams.
 *
 * <p>A {@link java.util.ServiceLoader} provider of {@link ProtocolParser}. Stateless and safe for
 * concurrent use; each connection's state is in the {@link ParserSession} from {@link #newSession}.
 */
public final class RedisParser implements ProtocolParser {

  /** Redis's registered port: a hint, never enough on its own for more than {@link Inference#MAYBE}. */
  static final int REDIS_PORT = 6379;

  public RedisParser() {}

  @Override
  public String protocol() {
    return RedisExchanges.PROTOCOL;
  }

  /**
   * {@link Inference#YES} when the bytes begin a command ({@code *<count>\r\n$<length>\r\n} and a
   * command name) or any RESP reply, strictly (a type byte, the content its type allows, CRLF);
   * {@link Inference#NEED_MORE_BYTES} for a shorter prefix of one; {@link Inference#MAYBE} when
   * they begin with a letter, as an inline command does, and either end uses port 6379; {@link
   * Inference#NO} otherwise.
   */
  @Override
  public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    int from = firstBytes.position();
    int limit = firstBytes.limit();
    Inference asCommand = RespStart.command(firstBytes, from, limit);
    Inference asReply = RespStart.reply(firstBytes, from, limit);
    Inference best = asCommand.compareTo(asReply) >= 0 ? asCommand : asReply;
    if (best == Inference.NO && RespStart.startsWithLetter(firstBytes, from, limit) && onRedisPort(connection)) {
      return Inference.MAYBE;
    }
    return best;
  }

  @Override
  public ParserSession newSession(SessionContext context) {
    return new RedisSession(context);
  }

  private static boolean onRedisPort(Connection connection) {
    return Connection.port(connection.localAddress()) == REDIS_PORT
        || Connection.port(connection.remoteAddress()) == REDIS_PORT;
  }
}
