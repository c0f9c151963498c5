package io.sockscope.protocols.http;

import static io.sockscope.protocols.http.CurlNginxTraffic.*;

import io.sockscope.protocols.testing.Capture;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whole conversations as nginx's accepted socket sees them (requests received, responses sent),
 * with the timestamps of the calls that moved the bytes. Shared by the tests that check the values
 * of each exchange and the test that splits every one at every offset.
 */
final class Conversations {

  private Conversations() {}

  /** Three requests on one keep-alive connection, each answered before the next. */
  static Capture keepAliveWithThreeExchanges() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(GET_INDEX, 1_000)
        .sent(OK_INDEX, 1_400)
        .received(GET_STYLE, 2_000)
        .sent(OK_STYLE, 2_300)
        .received(GET_ITEMS, 3_000)
        .sent(OK_ITEMS, 3_900);
  }

  static Capture notFound() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(GET_MISSING, 1_000)
        .sent(NOT_FOUND, 1_200);
  }

  /** HEAD gets a Content-Length but no body; a GET on the same connection follows. */
  static Capture headThenGet() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(HEAD_INDEX, 1_000)
        .sent(OK_INDEX_HEAD, 1_100)
        .received(GET_INDEX, 2_000)
        .sent(OK_INDEX, 2_100);
  }

  static Capture noContentThenNotModified() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(DELETE_ITEM, 1_000)
        .sent(NO_CONTENT, 1_100)
        .received(GET_INDEX_IF_NONE_MATCH, 2_000)
        .sent(NOT_MODIFIED, 2_100);
  }

  /** curl asks before sending a large body; nginx says 100 Continue, then 201 Created. */
  static Capture continueThenCreated() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(POST_UPLOAD_EXPECTING_CONTINUE, 1_000)
        .sent(CONTINUE, 1_100)
        .received(UPLOAD_BODY, 1_200)
        .sent(CREATED, 1_300);
  }

  static Capture chunkedRequestThenChunkedResponse() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(POST_CHUNKED_STREAM, 1_000)
        .sent(OK_STREAM_STORED, 1_100)
        .received(GET_ITEMS, 2_000)
        .sent(OK_CHUNKED_WITH_TRAILER, 2_500);
  }

  /** Three requests in one segment before any response; the responses come in one segment too. */
  static Capture pipelinedThreeRequests() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(GET_INDEX + GET_STYLE + GET_ITEMS, 1_000)
        .sent(OK_INDEX + OK_STYLE + OK_ITEMS, 1_600);
  }

  /** An HTTP/1.0 response without Content-Length, in two segments, ended by the close. */
  static Capture http10UntilClose() {
    return Capture.of(new HttpParser(), LoopbackConnections.server())
        .received(GET_ROOT_HTTP_1_0, 1_000)
        .sent(OK_HTTP_1_0_HEAD + "first line of the body\n", 1_100)
        .sent("second line, then the server closes\n", 1_200)
        .close(1_500);
  }

  /** All of the above, by name. */
  static Map<String, Capture> all() {
    Map<String, Capture> all = new LinkedHashMap<>();
    all.put("keep-alive with three exchanges", keepAliveWithThreeExchanges());
    all.put("404", notFound());
    all.put("HEAD then GET", headThenGet());
    all.put("204 then 304", noContentThenNotModified());
    all.put("100 Continue then 201", continueThenCreated());
    all.put("chunked request then chunked response", chunkedRequestThenChunkedResponse());
    all.put("pipelined three requests", pipelinedThreeRequests());
    all.put("HTTP/1.0 until close", http10UntilClose());
    return all;
  }
}
