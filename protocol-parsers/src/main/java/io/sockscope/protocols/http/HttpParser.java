package io.sockscope.protocols.http;

import io.sockscope.Connection;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;

/**
 * Parses HTTP/1.0 and HTTP/1.1: request and status lines, headers, Content-Length and chunked
 * bodies, keep-alive and pipelined requests, interim responses, and responses that end with the
 * connection. Each request and its response become one {@link io.sockscope.Exchange} named {@code
 * "http"}, with OpenTelemetry HTTP attributes ({@code http.request.method}, {@code url.path},
 * {@code http.response.status_code}, ...).
 *
 * <p>A {@link java.util.ServiceLoader} provider of {@link ProtocolParser}. Stateless and safe for
 * concurrent use; each connection's state is in the {@link ParserSession} from {@link #newSession}.
 */
public final class HttpParser implements ProtocolParser {

  public HttpParser() {}

  @Override
  public String protocol() {
    return "http";
  }

  /**
   * {@link Inference#YES} when the bytes begin with a well-known method, a space and a target
   * ({@code GET /}), or with {@code HTTP/1.0 } or {@code HTTP/1.1 }; {@link
   * Inference#NEED_MORE_BYTES} when they are a shorter prefix of such a start; {@link Inference#NO}
   * otherwise. Ports play no part.
   */
  @Override
  public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
    int from = firstBytes.position();
    int limit = firstBytes.limit();
    Inference asRequest = MessageStart.requestLine(firstBytes, from, limit);
    Inference asResponse = MessageStart.statusLine(firstBytes, from, limit);
    return asRequest.compareTo(asResponse) >= 0 ? asRequest : asResponse;
  }

  @Override
  public ParserSession newSession(SessionContext context) {
    return new HttpSession(context);
  }
}
