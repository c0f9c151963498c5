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

  /** Parses a request line without its line ending; returns null when it is not one. */
  static @Nullable RequestLine parse(String line) {
    int firstSpace = line.indexOf(' ');
    int lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1) {
      return null;
    }
    String method = line.substring(0, firstSpace);
    String target = line.substring(firstSpace + 1, lastSpace);
    String version = MessageStart.protocolVersion(line.substring(lastSpace + 1));
    if (version == null || !HeaderFields.isToken(method) || !isTarget(target)) {
      return null;
    }
    return new RequestLine(method, target, version);
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

  private static boolean isTarget(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
