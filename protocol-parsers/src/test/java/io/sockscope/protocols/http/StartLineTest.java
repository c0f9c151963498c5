package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartLineTest {

  private static LineChars line(String text) {
    return LineChars.of(text);
  }

  @Test
  void requestLineSplitsOriginFormTargetIntoPathAndQuery() {
    RequestLine line = RequestLine.parse(line("GET /api/items?page=2&size=10 HTTP/1.1"));

    assertEquals(new RequestLine("GET", "/api/items?page=2&size=10", "1.1"), line);
    assertEquals("/api/items", line.path());
    assertEquals("page=2&size=10", line.query());
  }

  @Test
  void requestLineTakesThePathOfAnAbsoluteFormTarget() {
    RequestLine withPath = RequestLine.parse(line("GET http://example.com:8080/a/b?c HTTP/1.1"));
    RequestLine withoutPath = RequestLine.parse(line("GET http://example.com HTTP/1.0"));

    assertEquals("/a/b", withPath.path());
    assertEquals("c", withPath.query());
    assertEquals("/", withoutPath.path());
    assertEquals("1.0", withoutPath.version());
  }

  @Test
  void requestLineHasNoPathForAnAuthorityTargetAndAStarForAsterisk() {
    assertNull(RequestLine.parse(line("CONNECT example.com:443 HTTP/1.1")).path());
    assertEquals("*", RequestLine.parse(line("OPTIONS * HTTP/1.1")).path());
  }

  @Test
  void requestLineWithAnEmptyQueryHasNoQuery() {
    RequestLine line = RequestLine.parse(line("GET /search? HTTP/1.1"));

    assertEquals("/search", line.path());
    assertNull(line.query());
  }

  @Test
  void requestLineAcceptsExtensionMethods() {
    assertEquals("PROPFIND", RequestLine.parse(line("PROPFIND /dav/ HTTP/1.1")).method());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "GET",
        "GET /",
        "GET / HTTP/2.0",
        "GET / HTTP/1.x",
        "GET / http/1.1",
        "GET  HTTP/1.1",
        "GET /a b HTTP/1.1",
        "G(T / HTTP/1.1",
        " GET / HTTP/1.1",
        "GET / HTTP/1.1 "
      })
  void rejectsMalformedRequestLines(String line) {
    assertNull(RequestLine.parse(line(line)));
  }

  @Test
  void statusLineTakesVersionAndCodeWithOrWithoutReason() {
    assertEquals(new StatusLine("1.1", 200), StatusLine.parse(line("HTTP/1.1 200 OK")));
    assertEquals(new StatusLine("1.0", 404), StatusLine.parse(line("HTTP/1.0 404 Not Found")));
    assertEquals(new StatusLine("1.1", 204), StatusLine.parse(line("HTTP/1.1 204 ")));
    assertEquals(new StatusLine("1.1", 500), StatusLine.parse(line("HTTP/1.1 500")));
  }

  @Test
  void statusLineKnowsInterimSwitchingAndSuccessfulCodes() {
    StatusLine continueLine = StatusLine.parse(line("HTTP/1.1 100 Continue"));
    StatusLine switching = StatusLine.parse(line("HTTP/1.1 101 Switching Protocols"));

    assertTrue(continueLine.isInformational());
    assertFalse(continueLine.isSwitchingProtocols());
    assertTrue(switching.isSwitchingProtocols());
    assertTrue(StatusLine.parse(line("HTTP/1.1 204 No Content")).isSuccessful());
    assertFalse(StatusLine.parse(line("HTTP/1.1 304 Not Modified")).isSuccessful());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "HTTP/1.1",
        "HTTP/1.1 20",
        "HTTP/1.1 2000 OK",
        "HTTP/1.1 099 Low",
        "HTTP/2 200 OK",
        "HTTP/1.1 2OO OK"
      })
  void rejectsMalformedStatusLines(String line) {
    assertNull(StatusLine.parse(line(line)));
  }
}
