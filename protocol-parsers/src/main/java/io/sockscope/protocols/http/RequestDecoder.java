package io.sockscope.protocols.http;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the requests of one connection. A request has a body only when it says so, with
 * Content-Length or a chunked Transfer-Encoding (RFC 9112 section 6.3). After lost bytes, only a
 * request with a well-known method (GET, POST, ...) is taken as the next message start. Confined to
 * the session's thread.
 */
final class RequestDecoder extends HttpMessageDecoder<RequestLine> {

  RequestDecoder(MessageListener<RequestLine> listener, LineChars line) {
    super(listener, "request line", line);
  }

  @Override
  @Nullable RequestLine parseStartLine(LineChars line) {
    return RequestLine.parse(line);
  }

  @Override
  Inference looksLikeStartLine(ByteBuffer bytes, int from, int limit) {
    return MessageStart.requestLine(bytes, from, limit);
  }

  @Override
  @Nullable BodyFraming framingOf(RequestLine requestLine, HeaderFields headers) {
    if (headers.hasTransferEncoding()) {
      if (headers.isChunked()) {
        return BodyFraming.CHUNKED;
      }
      malformed("request Transfer-Encoding does not end with chunked");
      return null;
    }
    return headers.contentLength() > 0 ? BodyFraming.FIXED_LENGTH : BodyFraming.NONE;
  }
}
