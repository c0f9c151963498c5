package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeaderFieldsTest {

  @Test
  void namesAreCaseInsensitiveAndValuesTrimmed() {
    HeaderFields headers = new HeaderFields();

    assertNull(headers.add("content-LENGTH:   615 \t"));
    assertNull(headers.add("user-agent: curl/7.88.1 "));

    assertEquals(615, headers.contentLength());
    assertEquals("curl/7.88.1", headers.userAgent());
  }

  @Test
  void repeatedEqualContentLengthsAreOneLength() {
    HeaderFields headers = new HeaderFields();

    assertNull(headers.add("Content-Length: 42, 42"));
    assertNull(headers.add("Content-Length: 42"));

    assertEquals(42, headers.contentLength());
  }

  @Test
  void contentLengthListsAreCheckedElementByElement() {
    assertNull(new HeaderFields().add("Content-Length:7"));
    assertEquals("invalid Content-Length", new HeaderFields().add("Content-Length: 42,"));
    assertEquals("invalid Content-Length", new HeaderFields().add("Content-Length: 42, 4 2"));
    assertEquals(
        "invalid Content-Length", new HeaderFields().add("Content-Length: 123456789012345678x"));
    assertEquals(
        "Content-Length larger than 2^53",
        new HeaderFields().add("Content-Length: 42, 12345678901234567"));
  }

  @Test
  void clearForgetsTheFieldsOfTheLastMessage() {
    HeaderFields headers = new HeaderFields();
    headers.add("Content-Length: 42");
    headers.add("Transfer-Encoding: chunked");
    headers.add("User-Agent: curl/7.88.1");

    headers.clear();

    assertEquals(HeaderFields.ABSENT, headers.contentLength());
    assertFalse(headers.hasTransferEncoding());
    assertFalse(headers.isChunked());
    assertNull(headers.userAgent());
    assertNull(headers.add("Content-Length: 7"));
  }

  @Test
  void chunkedCountsOnlyAsTheLastTransferCoding() {
    HeaderFields gzipThenChunked = new HeaderFields();
    gzipThenChunked.add("Transfer-Encoding: gzip");
    gzipThenChunked.add("transfer-encoding: Chunked");
    HeaderFields chunkedThenGzip = new HeaderFields();
    chunkedThenGzip.add("Transfer-Encoding: chunked, gzip");

    assertTrue(gzipThenChunked.isChunked());
    assertTrue(chunkedThenGzip.hasTransferEncoding());
    assertFalse(chunkedThenGzip.isChunked());
  }

  @Test
  void foldedContinuationLinesAreAcceptedAfterAHeader() {
    HeaderFields headers = new HeaderFields();

    assertNull(headers.add("X-Long: first part"));
    assertNull(headers.add("  second part"));
    assertEquals("malformed header line", new HeaderFields().add(" leading continuation"));
  }

  @Test
  void absentContentLengthIsReportedAsAbsent() {
    HeaderFields headers = new HeaderFields();
    headers.add("Accept: */*");

    assertEquals(HeaderFields.ABSENT, headers.contentLength());
    assertFalse(headers.hasTransferEncoding());
    assertNull(headers.userAgent());
  }
}
