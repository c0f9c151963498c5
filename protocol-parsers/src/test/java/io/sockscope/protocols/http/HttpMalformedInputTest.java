package io.sockscope.protocols.http;

import static io.sockscope.protocols.http.CurlNginxTraffic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.spi.Direction;
import io.sockscope.spi.ParserSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed bytes end the session with exactly one unparseable reason: no exception, and nothing
 * emitted afterwards, even when well-formed exchanges follow.
 */
class HttpMalformedInputTest {

  static Stream<Arguments> malformedRequests() {
    return Stream.of(
        malformed(
            "bad request line",
            "GET /index.html HTTX/1.1\r\nHost: a\r\n\r\n",
            "malformed request line"),
        malformed(
            "request line without target",
            "GET HTTP/1.1\r\nHost: a\r\n\r\n",
            "malformed request line"),
        malformed(
            "header line without colon",
            "GET / HTTP/1.1\r\nHost a\r\n\r\n",
            "malformed header line"),
        malformed(
            "space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", "malformed header line"),
        malformed(
            "huge Content-Length",
            "POST /a HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "Content-Length larger than 2^53"),
        malformed(
            "Content-Length just over 2^53",
            "POST /a HTTP/1.1\r\nContent-Length: 9007199254740993\r\n\r\n",
            "Content-Length larger than 2^53"),
        malformed(
            "negative Content-Length",
            "POST /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "invalid Content-Length"),
        malformed(
            "non-numeric Content-Length",
            "POST /a HTTP/1.1\r\nContent-Length: 12a\r\n\r\n",
            "invalid Content-Length"),
        malformed(
            "conflicting Content-Length",
            "POST /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            "conflicting Content-Length values"),
        malformed(
            "request Transfer-Encoding not ending with chunked",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            "request Transfer-Encoding does not end with chunked"),
        malformed(
            "non-hex chunk size",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            "chunk size not hexadecimal"),
        malformed(
            "missing chunk size",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\nhello\r\n0\r\n\r\n",
            "malformed chunk size line"),
        malformed(
            "chunk size overflow",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n",
            "chunk size larger than 2^53"),
        malformed(
            "chunk data longer than its size",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
            "chunk data not followed by CRLF"),
        malformed(
            "header block too large",
            "GET / HTTP/1.1\r\n" + ("X-Filler: " + "f".repeat(1000) + "\r\n").repeat(70) + "\r\n",
            "header block larger than 65536 bytes"),
        malformed(
            "header line too long",
            "GET / HTTP/1.1\r\nX-Long: " + "l".repeat(20_000) + "\r\n\r\n",
            "header line longer than 16384 bytes"),
        malformed(
            "too many header lines",
            "GET / HTTP/1.1\r\n" + "X-A: 1\r\n".repeat(257) + "\r\n",
            "more than 256 header lines"),
        malformed(
            "binary instead of a request line",
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\r\n",
            "malformed request line"));
  }

  private static Arguments malformed(String name, String request, String reason) {
    return Arguments.of(Named.of(name, request), reason);
  }

  @ParameterizedTest
  @MethodSource("malformedRequests")
  void malformedRequestEndsTheSessionWithOneReason(String request, String reason) {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX, 1_000)
            .sent(OK_INDEX, 1_100)
            .received(request, 2_000)
            .sent(OK_STYLE, 2_100)
            .received(GET_ITEMS, 3_000)
            .sent(OK_ITEMS, 3_100)
            .close(4_000)
            .replay();

    assertEquals(List.of(reason), context.unparseable);
    assertEquals("GET /index.html -> 200", context.onlyExchange().summary());
    assertEquals(List.of(), context.dropped);
  }

  @ParameterizedTest
  @MethodSource("malformedRequests")
  void malformedRequestGivesTheSameReasonWhenFedOneByteAtATime(String request, String reason) {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server()).received(request, 2_000).replayOneByteAtATime();

    assertEquals(List.of(reason), context.unparseable);
    assertEquals(List.of(), context.exchanges);
  }

  static Stream<Arguments> malformedResponses() {
    return Stream.of(
        malformed(
            "bad status line",
            "HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n",
            "malformed status line"),
        malformed("status line without code", "HTTP/1.1 OK\r\n\r\n", "malformed status line"),
        malformed("unknown protocol", "ICY 200 OK\r\n\r\n", "malformed status line"),
        malformed(
            "huge Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "Content-Length larger than 2^53"),
        malformed(
            "negative Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
            "invalid Content-Length"),
        malformed(
            "broken chunk size",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "chunk size not hexadecimal"),
        malformed(
            "status line too long",
            "HTTP/1.1 200 " + "O".repeat(20_000),
            "status line longer than 16384 bytes"));
  }

  @ParameterizedTest
  @MethodSource("malformedResponses")
  void malformedResponseEndsTheSessionWithOneReason(String response, String reason) {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.server())
            .received(GET_INDEX + GET_STYLE, 1_000)
            .sent(response, 1_100)
            .sent(OK_STYLE, 1_200)
            .close(2_000)
            .replay();

    assertEquals(List.of(reason), context.unparseable);
    assertEquals(List.of(), context.exchanges);
    assertEquals(List.of(), context.dropped);
  }

  @Test
  void callsAfterUnparseableAreHarmlessNoOps() {
    RecordingContext context = new RecordingContext(LoopbackConnections.server());
    ParserSession session = new HttpParser().newSession(context);
    byte[] garbage = "NOT HTTP AT ALL\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = GET_INDEX.getBytes(StandardCharsets.ISO_8859_1);

    session.onData(Direction.RECEIVED, ByteBuffer.wrap(garbage).asReadOnlyBuffer(), 1_000);
    int consumedAfter =
        session.onData(Direction.RECEIVED, ByteBuffer.wrap(request).asReadOnlyBuffer(), 1_100);
    session.onGap(Direction.SENT, 10, 1_200);
    session.onData(
        Direction.SENT, ByteBuffer.wrap(OK_INDEX.getBytes(StandardCharsets.ISO_8859_1)), 1_300);
    session.onClose(1_400);
    session.onClose(1_500);

    assertEquals(List.of("malformed request line"), context.unparseable);
    assertEquals(request.length, consumedAfter);
    assertEquals(List.of(), context.exchanges);
    assertEquals(List.of(), context.dropped);
  }

  @Test
  void unknownRoleWithNeitherRequestNorStatusLineIsUnparseable() {
    RecordingContext context =
        Capture.of(new HttpParser(), LoopbackConnections.unknown())
            .sent("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 1_000)
            .received(OK_INDEX, 1_100)
            .replay();

    assertEquals(
        List.of("first bytes are neither a request line nor a status line"), context.unparseable);
    assertEquals(List.of(), context.exchanges);
  }
}
