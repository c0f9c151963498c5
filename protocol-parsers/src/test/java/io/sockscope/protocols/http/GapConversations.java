package io.sockscope.protocols.http;

import static io.sockscope.protocols.http.CurlNginxTraffic.*;

import io.sockscope.protocols.testing.Capture;
import io.sockscope.spi.Direction;

/** Conversations with bytes lost in a gap, as nginx's accepted socket sees them. */
final class GapConversations {

  /** A 1 MiB response body of which the capture holds only the first and last 4 KiB. */
  static final int LARGE_BODY_BYTES = 1 << 20;

  static final String LARGE_RESPONSE_HEAD =
      "HTTP/1.1 200 OK\r\n"
          + "Server: nginx/1.22.1\r\n"
          + DATE
          + "Content-Type: application/octet-stream\r\n"
          + "Content-Length: "
          + LARGE_BODY_BYTES
          + "\r\n"
          + "Connection: keep-alive\r\n"
          + "\r\n";

  static final String GET_LARGE =
      "GET /downloads/image.bin HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  private GapConversations() {}

  /** The middle of a large body is lost; a second exchange follows on the connection. */
  static Capture gapInsideALargeBody() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(GET_LARGE, 1_000)
        .sent(LARGE_RESPONSE_HEAD + "a".repeat(4096), 1_100)
        .gap(Direction.SENT, LARGE_BODY_BYTES - 2 * 4096, 1_200)
        .sent("z".repeat(4096), 1_300)
        .received(GET_STYLE, 2_000)
        .sent(OK_STYLE, 2_100);
  }

  /** Part of the first response's headers is lost; the second exchange is whole. */
  static Capture gapInsideResponseHeaders() {
    int cut = OK_INDEX.indexOf("Content-Type");
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(GET_INDEX, 1_000)
        .sent(OK_INDEX.substring(0, cut), 1_100)
        .gap(Direction.SENT, OK_INDEX.length() - cut, 1_150)
        .received(GET_STYLE, 2_000)
        .sent(OK_STYLE, 2_100);
  }

  /** Part of the first request's headers is lost; its response is discarded, not misattributed. */
  static Capture gapInsideRequestHeaders() {
    int cut = GET_INDEX.indexOf("User-Agent");
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(GET_INDEX.substring(0, cut), 1_000)
        .gap(Direction.RECEIVED, GET_INDEX.length() - cut, 1_050)
        .sent(OK_INDEX, 1_100)
        .received(GET_STYLE, 2_000)
        .sent(OK_STYLE, 2_100);
  }
}
