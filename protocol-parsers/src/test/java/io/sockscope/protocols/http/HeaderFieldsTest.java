package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeaderFieldsTest {

  private static LineChars line(String text) {
    return LineChars.of(text);
  }

  @Test
  void namesAreCaseInsensitiveAndValuesTrimmed() {
    HeaderFields headers = new HeaderFields();

    assertNull(headers.add(line("content-LENGTH:   615 \t")));
    assertNull(headers.add(line("user-agent: curl/7.88.1 ")));

    assertEquals(615, headers.contentLength());
    assertEquals("curl/7.88.1", headers.userAgent());
  }

  @Test
  void repeatedEqualContentLengthsAreOneLength() {
    HeaderFields headers = new HeaderFields();

    assertNull(headers.add(line("Content-Length: 42, 42")));
    assertNull(headers.add(line("Content-Length: 42")));

    assertEquals(42, headers.contentLength());
  }

  @Test
  void contentLengthListsAreCheckedElementByElement() {
    assertNull(new HeaderFields().add(line("Content-Length:7")));
    assertEquals("invalid Content-Length", new HeaderFields().add(line("Content-Length: 42,")));
    assertEquals("invalid Content-Length", new HeaderFields().add(line("Content-Length: 42, 4 2")));
    assertEquals(
        "invalid Content-Length",
        new HeaderFields().add(line("Content-Length: 123456789012345678x")));
    assertEquals(
        "Content-Length larger than 2^53",
        new HeaderFields().add(line("Content-Length: 42, 12345678901234567")));
  }

  @Test
  void clearForgetsTheFieldsOfTheLastMessage() {
    HeaderFields headers = new HeaderFields();
    headers.add(line("Content-Length: 42"));
    headers.add(line("Transfer-Encoding: chunked"));
    headers.add(line("User-Agent: curl/7.88.1"));

    headers.clear();

    assertEquals(HeaderFields.ABSENT, headers.contentLength());
    assertFalse(headers.hasTransferEncoding());
    assertFalse(headers.isChunked());
    assertNull(headers.userAgent());
    assertNull(headers.add(line("Content-Length: 7")));
  }

  @Test
  void chunkedCountsOnlyAsTheLastTransferCoding() {
    HeaderFields gzipThenChunked = new HeaderFields();
    gzipThenChunked.add(line("Transfer-Encoding: gzip"));
    gzipThenChunked.add(line("transfer-encoding: Chunked"));
    HeaderFields chunkedThenGzip = new HeaderFields();
    chunkedThenGzip.add(line("Transfer-Encoding: chunked, gzip"));

    assertTrue(gzipThenChunked.isChunked());
    assertTrue(chunkedThenGzip.hasTransferEncoding());
    assertFalse(chunkedThenGzip.isChunked());
  }

  @Test
  void foldedContinuationLinesAreAcceptedAfterAHeader() {
    HeaderFields headers = new HeaderFields();

    assertNull(headers.add(line("X-Long: first part")));
    assertNull(headers.add(line("  second part")));
    assertEquals("malformed header line", new HeaderFields().add(line(" leading continuation")));
  }

  @Test
  void absentContentLengthIsReportedAsAbsent() {
    HeaderFields headers = new HeaderFields();
    headers.add(line("Accept: */*"));

    assertEquals(HeaderFields.ABSENT, headers.contentLength());
    assertFalse(headers.hasTransferEncoding());
    assertNull(headers.userAgent());
  }
}
