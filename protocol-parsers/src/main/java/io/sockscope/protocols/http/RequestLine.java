package io.sockscope.protocols.http;

import org.jspecify.annotations.Nullable;

/**
 * The first line of a request, {@code method SP request-target SP HTTP-version} (RFC 9112 section
 * 3). Immutable.
 *
 * @param method the method token, such as {@code GET}
 * @param target the request target as sent: a path with an optional query, an absolute URI, an
 *     authority ({@code CONNECT}) or {@code *}
 * @param version the protocol version, such as {@code "1.1"}
 */
record RequestLine(String method, String target, String version) {

  /** The methods whose names are taken as constants rather than copied from each line. */
  private static final String[] WELL_KNOWN_METHODS = {
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE"
  };

  /**
   * Parses a request line without its line ending; returns null when it is not one. Copies only
   * the target, and the method when it is not a well-known one.
   */
  static @Nullable RequestLine parse(LineChars line) {
    int length = line.length();
    int firstSpace = line.indexOf(' ', 0, length);
    int lastSpace = line.lastIndexOf(' ', 0, length);
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1) {
      return null;
    }
    String version = MessageStart.protocolVersion(line, lastSpace + 1, length);
    if (version == null
        || !line.isToken(0, firstSpace)
        || !isTarget(line, firstSpace + 1, lastSpace)) {
      return null;
    }
    String target = line.text(firstSpace + 1, lastSpace);
    return new RequestLine(method(line, firstSpace), target, version);
  }

  /**
   * The path of the target without its query, {@code "*"} for {@code OPTIONS *}, or null for an
   * authority target ({@code CONNECT host:port}), which has no path.
   */
  @Nullable String path() {
    String withoutQuery = withoutQuery();
    if (withoutQuery.startsWith("/") || withoutQuery.equals("*")) {
      return withoutQuery;
    }
    int scheme = withoutQuery.indexOf("://");
    if (scheme < 0) {
      return null;
    }
    int pathStart = withoutQuery.indexOf('/', scheme + 3);
    return pathStart < 0 ? "/" : withoutQuery.substring(pathStart);
  }

  /** The query of the target without its {@code '?'}, or null when there is none or it is empty. */
  @Nullable String query() {
    int question = target.indexOf('?');
    return question < 0 || question == target.length() - 1 ? null : target.substring(question + 1);
  }

  private String withoutQuery() {
    int question = target.indexOf('?');
    return question < 0 ? target : target.substring(0, question);
  }

  private static String method(LineChars line, int end) {
    for (String method : WELL_KNOWN_METHODS) {
      if (line.regionEquals(0, end, method)) {
        return method;
      }
    }
    return line.text(0, end);
  }

  private static boolean isTarget(LineChars line, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = line.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
