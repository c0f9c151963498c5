package io.sockscope.protocols.http;

import static io.sockscope.protocols.http.CurlNginxTraffic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpExchangesTest {

  @Test
  void keepAliveConnectionYieldsThreeExchangesWithAllAttributes() {
    RecordingContext context = Conversations.keepAliveWithThreeExchanges().replay();

    assertEquals(3, context.exchanges.size());
    Exchange index = context.exchanges.get(0);
    assertEquals("http", index.protocol());
    assertEquals("GET /index.html -> 200", index.summary());
    assertEquals(1_000, index.startNanos());
    assertEquals(1_400, index.endNanos());
    assertEquals(Duration.ofNanos(400), index.latency());
    assertEquals(
        Map.ofEntries(
            Map.entry("http.request.method", "GET"),
            Map.entry("url.path", "/index.html"),
            Map.entry("http.response.status_code", 200L),
            Map.entry("network.protocol.version", "1.1"),
            Map.entry("http.request.body.size", 0L),
            Map.entry("http.response.body.size", 245L),
            Map.entry("network.transport", "tcp"),
            Map.entry("server.address", "127.0.0.1"),
            Map.entry("server.port", 8080L),
            Map.entry("client.address", "127.0.0.1"),
            Map.entry("client.port", 51234L),
            Map.entry("user_agent.original", "curl/7.88.1")),
        index.attributes());

    assertExchange(context.exchanges.get(1), "GET /css/site.css -> 200", 2_000, 2_300, 0, 47);
    Exchange items = context.exchanges.get(2);
    assertExchange(items, "GET /api/items -> 200", 3_000, 3_900, 0, 53);
    assertEquals("/api/items", items.attribute("url.path"));
    assertEquals("page=2&size=10", items.attribute("url.query"));
    assertNull(index.attribute("url.query"));
    assertNothingDroppedOrUnparseable(context);
  }

  @Test
  void notFoundResponseKeepsItsStatusAndBodySize() {
    RecordingContext context = Conversations.notFound().replay();

    Exchange exchange = context.onlyExchange();
    assertExchange(exchange, "GET /missing.png -> 404", 1_000, 1_200, 0, 153);
    assertEquals(404L, exchange.attribute("http.response.status_code"));
  }

  @Test
  void responseToHeadHasNoBodyDespiteItsContentLength() {
    RecordingContext context = Conversations.headThenGet().replay();

    assertEquals(2, context.exchanges.size());
    assertExchange(context.exchanges.get(0), "HEAD /index.html -> 200", 1_000, 1_100, 0, 0);
    assertEquals("HEAD", context.exchanges.get(0).attribute("http.request.method"));
    assertExchange(context.exchanges.get(1), "GET /index.html -> 200", 2_000, 2_100, 0, 245);
    assertNothingDroppedOrUnparseable(context);
  }

  @Test
  void noContentAndNotModifiedResponsesHaveNoBody() {
    RecordingContext context = Conversations.noContentThenNotModified().replay();

    assertEquals(2, context.exchanges.size());
    assertExchange(context.exchanges.get(0), "DELETE /api/items/7 -> 204", 1_000, 1_100, 0, 0);
    assertExchange(context.exchanges.get(1), "GET /index.html -> 304", 2_000, 2_100, 0, 0);
    assertNothingDroppedOrUnparseable(context);
  }

  @Test
  void continueIsSkippedAndTheFinalResponseCompletesThePost() {
    RecordingContext context = Conversations.continueThenCreated().replay();

    Exchange upload = context.onlyExchange();
    assertExchange(upload, "POST /api/upload -> 201", 1_000, 1_300, 1_500, 27);
    assertNothingDroppedOrUnparseable(context);
  }

  @Test
  void chunkedBodiesAreCountedWithoutSizeLinesExtensionsOrTrailers() {
    RecordingContext context = Conversations.chunkedRequestThenChunkedResponse().replay();

    assertEquals(2, context.exchanges.size());
    assertExchange(context.exchanges.get(0), "POST /api/stream -> 200", 1_000, 1_100, 12, 9);
    assertExchange(context.exchanges.get(1), "GET /api/items -> 200", 2_000, 2_500, 0, 23);
    assertNothingDroppedOrUnparseable(context);
  }

  @Test
  void pipelinedRequestsPairWithResponsesInOrder() {
    RecordingContext context = Conversations.pipelinedThreeRequests().replay();

    assertEquals(
        List.of("GET /index.html -> 200", "GET /css/site.css -> 200", "GET /api/items -> 200"),
        context.summaries());
    assertEquals(
        List.of(245L, 47L, 53L),
        context.exchanges.stream().map(e -> e.attribute("http.response.body.size")).toList());
    for (Exchange exchange : context.exchanges) {
      assertEquals(1_000, exchange.startNanos());
      assertEquals(1_600, exchange.endNanos());
    }
    assertNothingDroppedOrUnparseable(context);
  }

  @Test
  void http10ResponseWithoutLengthEndsAtCloseWithItsLastByte() {
    RecordingContext context = Conversations.http10UntilClose().replay();

    Exchange exchange = context.onlyExchange();
    assertExchange(exchange, "GET / -> 200", 1_000, 1_200, 0, 23 + 36);
    assertEquals("1.0", exchange.attribute("network.protocol.version"));
    assertNothingDroppedOrUnparseable(context);
  }

  @Test
  void responseWithoutLengthIsNotEmittedBeforeTheClose() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_ROOT_HTTP_1_0, 1_000)
            .sent(OK_HTTP_1_0_HEAD + "partial body", 1_100)
            .replay();

    assertEquals(List.of(), context.exchanges);
  }

  @Test
  void startIsTheCallThatFirstOfferedTheRequestAndEndTheCallThatCompletedTheResponse() {
    int split = GET_INDEX.indexOf("User-Agent");
    int bodyStart = OK_INDEX.length() - INDEX_HTML.length();
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX.substring(0, 3), 5_000)
            .received(GET_INDEX.substring(3, split), 5_100)
            .received(GET_INDEX.substring(split), 5_200)
            .sent(OK_INDEX.substring(0, bodyStart + 10), 6_000)
            .sent(OK_INDEX.substring(bodyStart + 10), 7_000)
            .replay();

    Exchange exchange = context.onlyExchange();
    assertEquals(5_000, exchange.startNanos());
    assertEquals(7_000, exchange.endNanos());
    assertEquals(245L, exchange.attribute("http.response.body.size"));
  }

  @Test
  void nextRequestStartsAtTheCallThatCarriedItsFirstByteBehindTheEndOfThePrevious() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX + GET_STYLE.substring(0, 10), 1_000)
            .received(GET_STYLE.substring(10), 1_500)
            .sent(OK_INDEX, 2_000)
            .sent(OK_STYLE, 3_000)
            .replay();

    assertEquals(2, context.exchanges.size());
    assertEquals(1_000, context.exchanges.get(1).startNanos());
    assertEquals(3_000, context.exchanges.get(1).endNanos());
  }

  @Test
  void endIsClampedToTheStartWhenTimestampsRunBackwards() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX, 9_000)
            .sent(OK_INDEX, 8_000)
            .replay();

    Exchange exchange = context.onlyExchange();
    assertEquals(9_000, exchange.startNanos());
    assertEquals(9_000, exchange.endNanos());
  }

  @Test
  void clientSideSendsRequestsAndReceivesResponses() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.client())
            .sent(GET_INDEX, 1_000)
            .received(OK_INDEX, 1_400)
            .replay();

    Exchange exchange = context.onlyExchange();
    assertExchange(exchange, "GET /index.html -> 200", 1_000, 1_400, 0, 245);
    assertEquals("127.0.0.1", exchange.attribute("server.address"));
    assertEquals(8080L, exchange.attribute("server.port"));
    assertEquals(51234L, exchange.attribute("client.port"));
  }

  @Test
  void unknownRoleLearnsTheRequestDirectionFromARequestLine() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.unknown())
            .sent("GE", 1_000)
            .sent(GET_INDEX.substring(2), 1_050)
            .received(OK_INDEX, 1_400)
            .replay();

    assertExchange(context.onlyExchange(), "GET /index.html -> 200", 1_000, 1_400, 0, 245);
    assertEquals(Role.CLIENT, context.onlyExchange().connection().role(), "it sent the request");
  }

  @Test
  void unknownRoleLearnsTheRequestDirectionFromAStatusLine() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.unknown())
            .received(OK_INDEX, 1_400)
            .sent(GET_INDEX, 2_000)
            .received(OK_STYLE, 2_400)
            .replay();

    // The first response answers no request seen; the request after it gets the next response.
    assertEquals(List.of("response to a lost or unseen request"), context.dropped);
    assertExchange(context.onlyExchange(), "GET /index.html -> 200", 2_000, 2_400, 0, 47);
    assertEquals(Role.CLIENT, context.onlyExchange().connection().role(), "it received the responses");
  }

  @Test
  void switchingProtocolsEmitsTheUpgradeThenStopsParsing() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_CHAT_UPGRADE, 1_000)
            .sent(SWITCHING_PROTOCOLS + "\u0081\u0005hello", 1_100)
            .received("\u0081\u0085\u0037\u00fa\u0021\u003d\u007f\u009f\u004d\u0051\u0058", 1_200)
            .replay();

    assertExchange(context.onlyExchange(), "GET /chat -> 101", 1_000, 1_100, 0, 0);
    assertEquals(List.of("switched protocols"), context.unparseable);
  }

  @Test
  void closeDropsRequestsThatNeverGotAResponse() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX + GET_STYLE, 1_000)
            .sent(OK_INDEX, 1_100)
            .received(GET_ITEMS, 1_200)
            .close(2_000)
            .replay();

    assertEquals(1, context.exchanges.size());
    assertEquals(List.of("no response before close", "no response before close"), context.dropped);
  }

  @Test
  void closeInsideALengthDelimitedBodyDropsTheExchange() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX, 1_000)
            .sent(OK_INDEX.substring(0, 300), 1_100)
            .close(2_000)
            .replay();

    assertEquals(List.of(), context.exchanges);
    assertEquals(List.of("response cut by close"), context.dropped);
  }

  @Test
  void tooManyRequestsWithoutResponseForgetTheOldestWithoutShiftingThePairing() {
    Capture capture = Capture.of(new HttpParser(), LoopbackConnections.server());
    for (int i = 0; i < HttpLimits.MAX_PENDING_REQUESTS + 1; i++) {
      capture.received("GET /item/" + i + " HTTP/1.1\r\nHost: a\r\n\r\n", 1_000 + i);
    }
    RecordingContext context = capture.sent(OK_INDEX, 9_000).sent(OK_ITEMS, 9_100).replay();

    assertEquals(List.of("more than 1024 requests without response"), context.dropped);
    Exchange exchange = context.onlyExchange();
    assertEquals("GET /item/1 -> 200", exchange.summary());
    assertEquals(53L, exchange.attribute("http.response.body.size"));
  }

  @Test
  void absoluteFormTargetReportsItsPathAndQuery() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.client())
            .sent(
                "GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
                1_000)
            .received(OK_ITEMS, 1_100)
            .replay();

    Exchange exchange = context.onlyExchange();
    assertEquals("/a/b", exchange.attribute("url.path"));
    assertEquals("c=d", exchange.attribute("url.query"));
    assertNull(exchange.attribute("user_agent.original"));
  }

  private static void assertExchange(
      Exchange exchange,
      String summary,
      long start,
      long end,
      long requestBody,
      long responseBody) {
    assertEquals(summary, exchange.summary());
    assertEquals(start, exchange.startNanos(), "start of " + summary);
    assertEquals(end, exchange.endNanos(), "end of " + summary);
    assertEquals(
        requestBody, exchange.attribute("http.request.body.size"), "request body of " + summary);
    assertEquals(
        responseBody, exchange.attribute("http.response.body.size"), "response body of " + summary);
  }

  private static void assertNothingDroppedOrUnparseable(RecordingContext context) {
    assertEquals(List.of(), context.dropped, "dropped");
    assertEquals(List.of(), context.unparseable, "unparseable");
    assertFalse(context.exchanges.isEmpty());
  }
}
