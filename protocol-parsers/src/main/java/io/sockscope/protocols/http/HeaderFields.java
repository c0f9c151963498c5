package io.sockscope.protocols.http;

import org.jspecify.annotations.Nullable;

/**
 * The header fields of one message that the parser acts on, collected one line at a time:
 * Content-Length, Transfer-Encoding and User-Agent. Other fields are checked for syntax and
 * counted, not kept. Confined to the decoder that fills it.
 */
final class HeaderFields {

  /** {@link #contentLength()} when the message has no Content-Length. */
  static final long ABSENT = -1;

  private static final int MAX_CONTENT_LENGTH_DIGITS = 16;

  private int count;
  private long contentLength = ABSENT;
  private boolean hasTransferEncoding;
  private boolean chunked;
  private @Nullable String userAgent;

  /** Forgets the fields of the last message, for the next one. */
  void clear() {
    count = 0;
    contentLength = ABSENT;
    hasTransferEncoding = false;
    chunked = false;
    userAgent = null;
  }

  /**
   * Adds one header line, without its line ending. Returns why the line is malformed or breaks a
   * limit, or null when it was taken. Reads the line in place; only a User-Agent value is copied.
   */
  @Nullable String add(LineChars line) {
    int number = ++count;
    int colon = isContinuation(line) ? -1 : nameEnd(line);
    if (colon < 0 || number > HttpLimits.MAX_HEADER_COUNT) {
      return checkFieldLine(line, number); // a continuation line, or why the line is rejected
    }
    if (line.equalsIgnoreCase(0, colon, "content-length")) {
      return addContentLength(line, colon + 1, line.length());
    }
    if (line.equalsIgnoreCase(0, colon, "transfer-encoding")) {
      addTransferEncoding(line, colon + 1, line.length());
    } else if (line.equalsIgnoreCase(0, colon, "user-agent")) {
      int end = line.trimEnd(colon + 1, line.length());
      userAgent = line.text(line.skipWhitespace(colon + 1, end), end);
    }
    return null; // any other field is checked and counted, not kept
  }

  /**
   * Checks the syntax of a header or trailer line, {@code name ":" OWS value OWS}, the {@code
   * number}th of its block. Returns why it is rejected, or null.
   */
  static @Nullable String checkFieldLine(LineChars line, int number) {
    if (number > HttpLimits.MAX_HEADER_COUNT) {
      return "more than " + HttpLimits.MAX_HEADER_COUNT + " header lines";
    }
    if (isContinuation(line)) {
      // Obsolete line folding (RFC 9112 section 5.2): continues the previous value; ignored.
      return number == 1 ? "malformed header line" : null;
    }
    return nameEnd(line) > 0 ? null : "malformed header line";
  }

  /** The index of the colon after the line's field name, or -1 when no token precedes a colon. */
  private static int nameEnd(LineChars line) {
    int end = line.tokenEnd(0, line.length());
    return end > 0 && end < line.length() && line.charAt(end) == ':' ? end : -1;
  }

  /** The message's Content-Length, or {@link #ABSENT}. */
  long contentLength() {
    return contentLength;
  }

  boolean hasTransferEncoding() {
    return hasTransferEncoding;
  }

  /** Whether the last transfer coding is {@code chunked}. */
  boolean isChunked() {
    return chunked;
  }

  @Nullable String userAgent() {
    return userAgent;
  }

  /** Takes the Transfer-Encoding value from {@code from} to {@code to} of the line. */
  private void addTransferEncoding(LineChars line, int from, int to) {
    hasTransferEncoding = true;
    // The codings of all Transfer-Encoding lines form one list; chunked must come last.
    int comma = line.lastIndexOf(',', from, to);
    int end = line.trimEnd(from, to);
    int lastCoding = line.skipWhitespace(comma < 0 ? from : comma + 1, end);
    chunked = line.equalsIgnoreCase(lastCoding, end, "chunked");
  }

  /** Takes the Content-Length value from {@code from} to {@code to} of the line. */
  private @Nullable String addContentLength(LineChars line, int from, int to) {
    // A list of identical values ("42, 42") is allowed (RFC 9110 section 8.6); anything else is
    // not.
    int elementStart = from;
    while (true) {
      int comma = line.indexOf(',', elementStart, to);
      int elementEnd = comma < 0 ? to : comma;
      int digitsEnd = line.trimEnd(elementStart, elementEnd);
      int digitsStart = line.skipWhitespace(elementStart, digitsEnd);
      if (digitsStart == digitsEnd || !isDigits(line, digitsStart, digitsEnd)) {
        return "invalid Content-Length";
      }
      long length = digitsEnd - digitsStart > MAX_CONTENT_LENGTH_DIGITS
          ? Long.MAX_VALUE
          : decimal(line, digitsStart, digitsEnd);
      if (length > HttpLimits.MAX_BODY_BYTES) {
        return "Content-Length larger than 2^53";
      }
      if (contentLength != ABSENT && contentLength != length) {
        return "conflicting Content-Length values";
      }
      contentLength = length;
      if (comma < 0) {
        return null;
      }
      elementStart = comma + 1;
    }
  }

  private static boolean isDigits(LineChars s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value of at most {@link #MAX_CONTENT_LENGTH_DIGITS} decimal digits. */
  private static long decimal(LineChars digits, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (digits.charAt(i) - '0');
    }
    return value;
  }

  private static boolean isContinuation(LineChars line) {
    return line.length() > 0 && line.isWhitespaceAt(0);
  }
}
