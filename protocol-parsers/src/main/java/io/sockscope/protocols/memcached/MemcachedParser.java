package io.sockscope.protocols.memcached;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;

/**
 * Parses memcached's text and binary protocols: storage commands with their data blocks,
 * retrievals of one or many keys, delete, incr and decr, touch, stats, version, flush_all,
 * verbosity, quit, {@code noreply}, errors, meta commands ({@code mg}, {@code ms}, {@code md},
 * {@code ma}, {@code mn}); binary packets of every opcode, paired by opaque, quiet opcodes
 * included. Each request and its reply become one {@link io.sockscope.Exchange} named {@code
 * "memcached"}, with OpenTelemetry database attributes ({@code db.system.name} {@code memcached},
 * {@code db.operation.name} such as {@code GET} or {@code GETKQ}, {@code db.query.text} the command
 * line without its data or the binary opcode and key, {@code db.response.status_code} the reply's
 * first word or the binary status such as {@code 0x0001}, {@code error.type}) and the {@code
 * memcached.*} attributes listed in {@link PendingRequest}.
 *
 * <p>A {@link java.util.ServiceLoader} provider of {@link ProtocolParser}. Stateless and safe for
 * concurrent use; each connection's state is in the {@link ParserSession} from {@link #newSession}.
 */
public final class MemcachedParser implements ProtocolParser {

  /** memcached's registered port: a hint, never proof. */
  static final int USUAL_PORT = 11211;

  public MemcachedParser() {}

  @Override
  public String protocol() {
    return "memcached";
  }

  /**
   * {@link Inference#YES} when the bytes begin a text command (a known command word in lower case,
   * a space and a key), a distinctive text reply ({@code VALUE }, {@code STORED\r\n}, {@code
   * END\r\n}, {@code STAT }, ...), or a binary header with a known opcode and consistent lengths;
   * {@link Inference#NEED_MORE_BYTES} for a shorter prefix of one; {@link Inference#MAYBE} for
   * other bytes that begin like memcached's (a lower-case letter, magic 0x80 or 0x81) on port
   * 11211; {@link Inference#NO} otherwise.
   */
  @Override
  public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    int from = firstBytes.position();
    int limit = firstBytes.limit();
    Inference verdict =
        MessageStart.better(
            MessageStart.binaryPacket(firstBytes, from, limit),
            MessageStart.better(
                MessageStart.textCommand(firstBytes, from, limit),
                MessageStart.textReply(firstBytes, from, limit)));
    if (verdict == Inference.NO && limit > from && onUsualPort(connection)) {
      int first = firstBytes.get(from) & 0xff;
      boolean mayBeOurs = (first >= 'a' && first <= 'z')
          || first == BinaryHeader.REQUEST_MAGIC || first == BinaryHeader.RESPONSE_MAGIC;
      return mayBeOurs ? Inference.MAYBE : Inference.NO;
    }
    return verdict;
  }

  @Override
  public ParserSession newSession(SessionContext context) {
    return new MemcachedSession(context);
  }

  private static boolean onUsualPort(Connection connection) {
    return Connection.port(connection.localAddress()) == USUAL_PORT
        || Connection.port(connection.remoteAddress()) == USUAL_PORT;
  }
}
