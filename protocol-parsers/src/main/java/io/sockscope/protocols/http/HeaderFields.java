package io.sockscope.protocols.http;

import java.util.Locale;
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

  /**
   * Adds one header line, without its line ending. Returns why the line is malformed or breaks a
   * limit, or null when it was taken.
   */
  @Nullable String add(String line) {
    String problem = checkFieldLine(line, ++count);
    if (problem != null || isContinuation(line)) {
      return problem;
    }
    int colon = line.indexOf(':');
    String name = line.substring(0, colon);
    String value = trimWhitespace(line.substring(colon + 1));
    if (name.equalsIgnoreCase("Content-Length")) {
      return addContentLength(value);
    }
    if (name.equalsIgnoreCase("Transfer-Encoding")) {
      hasTransferEncoding = true;
      // The codings of all Transfer-Encoding lines form one list; chunked must come last.
      int comma = value.lastIndexOf(',');
      String lastCoding = trimWhitespace(value.substring(comma + 1));
      chunked = lastCoding.toLowerCase(Locale.ROOT).equals("chunked");
    } else if (name.equalsIgnoreCase("User-Agent")) {
      userAgent = value;
    }
    return null;
  }

  /**
   * Checks the syntax of a header or trailer line, {@code name ":" OWS value OWS}, the {@code
   * number}th of its block. Returns why it is rejected, or null.
   */
  static @Nullable String checkFieldLine(String line, int number) {
    if (number > HttpLimits.MAX_HEADER_COUNT) {
      return "more than " + HttpLimits.MAX_HEADER_COUNT + " header lines";
    }
    if (isContinuation(line)) {
      // Obsolete line folding (RFC 9112 section 5.2): continues the previous value; ignored.
      return number == 1 ? "malformed header line" : null;
    }
    int colon = line.indexOf(':');
    return colon > 0 && isToken(line.substring(0, colon)) ? null : "malformed header line";
  }

  /** Whether {@code s} is a non-empty token (RFC 9110 section 5.6.2), as names and methods are. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean tokenChar =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tokenChar) {
        return false;
      }
    }
    return true;
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

  private @Nullable String addContentLength(String value) {
    // A list of identical values ("42, 42") is allowed (RFC 9110 section 8.6); anything else is
    // not.
    for (String element : value.split(",", -1)) {
      String digits = trimWhitespace(element);
      if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return "invalid Content-Length";
      }
      if (digits.length() > MAX_CONTENT_LENGTH_DIGITS
          || Long.parseLong(digits) > HttpLimits.MAX_BODY_BYTES) {
        return "Content-Length larger than 2^53";
      }
      long length = Long.parseLong(digits);
      if (contentLength != ABSENT && contentLength != length) {
        return "conflicting Content-Length values";
      }
      contentLength = length;
    }
    return null;
  }

  private static boolean isContinuation(String line) {
    return !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
  }

  private static String trimWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }
}
