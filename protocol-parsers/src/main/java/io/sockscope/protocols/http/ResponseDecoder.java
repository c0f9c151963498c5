package io.sockscope.protocols.http;

import io.sockscope.spi.Inference;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the responses of one connection. Whether a response has a body depends on the request it
 * answers, which the listener knows (RFC 9112 section 6.3): none after HEAD, none for 1xx, 204 and
 * 304, none for a 2xx to CONNECT; otherwise chunked, Content-Length, or everything until the
 * connection closes. Confined to the session's thread.
 */
final class ResponseDecoder extends HttpMessageDecoder<StatusLine> {

  /** A response listener that also knows which request each response answers. */
  interface Listener extends MessageListener<StatusLine> {
    /**
     * The method of the request answered by the response whose head was just reported, or null when
     * that request is not known.
     */
    @Nullable String answeredMethod();
  }

  private final Listener listener;

  ResponseDecoder(Listener listener, LineChars line) {
    super(listener, "status line", line);
    this.listener = listener;
  }

  @Override
  @Nullable StatusLine parseStartLine(LineChars line) {
    return StatusLine.parse(line);
  }

  @Override
  Inference looksLikeStartLine(ByteBuffer bytes, int from, int limit) {
    return MessageStart.statusLine(bytes, from, limit);
  }

  @Override
  BodyFraming framingOf(StatusLine statusLine, HeaderFields headers) {
    int status = statusLine.statusCode();
    String method = listener.answeredMethod();
    boolean bodiless =
        statusLine.isInformational()
            || status == 204
            || status == 304
            || "HEAD".equals(method)
            || ("CONNECT".equals(method) && statusLine.isSuccessful());
    if (bodiless) {
      return BodyFraming.NONE;
    }
    if (headers.hasTransferEncoding()) {
      return headers.isChunked() ? BodyFraming.CHUNKED : BodyFraming.UNTIL_CLOSE;
    }
    return headers.contentLength() == HeaderFields.ABSENT
        ? BodyFraming.UNTIL_CLOSE
        : BodyFraming.FIXED_LENGTH;
  }
}
