package io.sockscope.protocols.http;

import static io.sockscope.protocols.http.CurlNginxTraffic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Exchange;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.spi.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpGapTest {

  @Test
  void gapInsideALengthDelimitedBodyKeepsTheFullBodySize() {
    RecordingContext context = GapConversations.gapInsideALargeBody().replay();

    assertEquals(2, context.exchanges.size());
    Exchange large = context.exchanges.get(0);
    assertEquals("GET /downloads/image.bin -> 200", large.summary());
    assertEquals(
        (long) GapConversations.LARGE_BODY_BYTES, large.attribute("http.response.body.size"));
    assertEquals(1_000, large.startNanos());
    assertEquals(1_300, large.endNanos());
    assertEquals("GET /css/site.css -> 200", context.exchanges.get(1).summary());
    assertEquals(List.of(), context.dropped);
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void gapThatEndsExactlyWithTheBodyCompletesTheExchangeAtTheGap() {
    String head = GapConversations.LARGE_RESPONSE_HEAD;
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GapConversations.GET_LARGE, 1_000)
            .sent(head, 1_100)
            .gap(Direction.SENT, GapConversations.LARGE_BODY_BYTES, 1_200)
            .received(GET_STYLE, 2_000)
            .sent(OK_STYLE, 2_100)
            .replay();

    assertEquals(2, context.exchanges.size());
    assertEquals(1_200, context.exchanges.get(0).endNanos());
    assertEquals(
        (long) GapConversations.LARGE_BODY_BYTES,
        context.exchanges.get(0).attribute("http.response.body.size"));
    assertEquals(47L, context.exchanges.get(1).attribute("http.response.body.size"));
  }

  @Test
  void gapThatRunsPastTheBodyCompletesItAndDropsTheNextResponse() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX + GET_STYLE + GET_ITEMS, 1_000)
            .sent(OK_INDEX.substring(0, 300), 1_100)
            .gap(Direction.SENT, OK_INDEX.length() - 300 + 100, 1_200)
            .sent(OK_ITEMS, 1_300)
            .replay();

    assertEquals(
        List.of("GET /index.html -> 200", "GET /api/items -> 200"),
        context.summaries());
    assertEquals(1_200, context.exchanges.get(0).endNanos());
    assertEquals(List.of("response lost in a gap"), context.dropped);
  }

  @Test
  void gapInsideResponseHeadersDropsThatExchangeAndResyncsOnTheNextResponse() {
    RecordingContext context = GapConversations.gapInsideResponseHeaders().replay();

    Exchange exchange = context.onlyExchange();
    assertEquals("GET /css/site.css -> 200", exchange.summary());
    assertEquals(2_000, exchange.startNanos());
    assertEquals(2_100, exchange.endNanos());
    assertEquals(47L, exchange.attribute("http.response.body.size"));
    assertEquals(List.of("response lost in a gap"), context.dropped);
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void resyncFindsTheNextStatusLineAfterALineFeedInTheSameCall() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX + GET_STYLE, 1_000)
            .sent(OK_INDEX.substring(0, 50), 1_100)
            .gap(Direction.SENT, 20, 1_150)
            .sent(OK_INDEX.substring(70) + OK_STYLE, 1_200)
            .replay();

    assertEquals("GET /css/site.css -> 200", context.onlyExchange().summary());
    assertEquals(List.of("response lost in a gap"), context.dropped);
  }

  @Test
  void gapInsideRequestHeadersDiscardsItsResponseInsteadOfMisattributingIt() {
    RecordingContext context = GapConversations.gapInsideRequestHeaders().replay();

    Exchange exchange = context.onlyExchange();
    assertEquals("GET /css/site.css -> 200", exchange.summary());
    assertEquals(47L, exchange.attribute("http.response.body.size"));
    assertEquals(List.of("response to a lost or unseen request"), context.dropped);
  }

  @Test
  void gapInsideARequestBodyOfKnownLengthKeepsItsSize() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(POST_UPLOAD_EXPECTING_CONTINUE, 1_000)
            .sent(CONTINUE, 1_100)
            .received(UPLOAD_BODY.substring(0, 100), 1_200)
            .gap(Direction.RECEIVED, 1_300, 1_250)
            .received(UPLOAD_BODY.substring(1_400), 1_260)
            .sent(CREATED, 1_300)
            .replay();

    Exchange exchange = context.onlyExchange();
    assertEquals(1_500L, exchange.attribute("http.request.body.size"));
    assertEquals(1_300, exchange.endNanos());
  }

  @Test
  void requestCutAfterItsHeadIsDroppedOnceAndItsResponseDiscarded() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(POST_CHUNKED_STREAM.substring(0, POST_CHUNKED_STREAM.indexOf("hello")), 1_000)
            .gap(Direction.RECEIVED, 30, 1_050)
            .sent(OK_STREAM_STORED, 1_100)
            .received(GET_INDEX, 2_000)
            .sent(OK_INDEX, 2_100)
            .replay();

    assertEquals("GET /index.html -> 200", context.onlyExchange().summary());
    assertEquals(List.of("request cut by a gap"), context.dropped);
  }

  @Test
  void wholeRequestsLostInAGapDoNotShiftThePairingOfLaterOnes() {
    // The second request is lost whole; its response, which began before the third request,
    // must not be paired with the third.
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX, 1_000)
            .sent(OK_INDEX, 1_100)
            .gap(Direction.RECEIVED, GET_STYLE.length(), 2_000)
            .sent(OK_STYLE, 2_100)
            .received(GET_ITEMS, 3_000)
            .sent(OK_ITEMS, 3_100)
            .replay();

    assertEquals(
        List.of("GET /index.html -> 200", "GET /api/items -> 200"),
        context.summaries());
    assertEquals(53L, context.exchanges.get(1).attribute("http.response.body.size"));
    assertEquals(List.of("response to a lost or unseen request"), context.dropped);
  }

  @Test
  void gapInsideAChunkedResponseDropsItAndTheNextResponsePairsWithTheNextRequest() {
    int cut = OK_CHUNKED_WITH_TRAILER.indexOf("Developer");
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_ITEMS + GET_INDEX, 1_000)
            .sent(OK_CHUNKED_WITH_TRAILER.substring(0, cut), 1_100)
            .gap(Direction.SENT, 200, 1_150)
            .sent(OK_INDEX, 1_200)
            .replay();

    assertEquals("GET /index.html -> 200", context.onlyExchange().summary());
    assertEquals(List.of("response cut by a gap"), context.dropped);
  }

  @Test
  void gapInsideAChunkFittingItKeepsTheChunkedFraming() {
    int cut = OK_CHUNKED_WITH_TRAILER.indexOf("Developer") + 2;
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_ITEMS, 1_000)
            .sent(OK_CHUNKED_WITH_TRAILER.substring(0, cut), 1_100)
            .gap(Direction.SENT, 5, 1_150)
            .sent(OK_CHUNKED_WITH_TRAILER.substring(cut + 5), 1_200)
            .replay();

    Exchange exchange = context.onlyExchange();
    assertEquals(23L, exchange.attribute("http.response.body.size"));
    assertEquals(1_200, exchange.endNanos());
  }

  @Test
  void gapBeforeTheRoleIsLearnedIsSkippedUntilAMessageStarts() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.unknown())
            .gap(Direction.RECEIVED, 700, 900)
            .received("tail of a response we never saw\r\n", 950)
            .sent(GET_INDEX, 1_000)
            .received(OK_INDEX, 1_100)
            .replay();

    assertEquals("GET /index.html -> 200", context.onlyExchange().summary());
    assertEquals(List.of(), context.unparseable);
  }
}
