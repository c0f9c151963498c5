package io.sockscope.protocols.http;

import org.jspecify.annotations.Nullable;

/**
 * The first line of a response, {@code HTTP-version SP status-code SP [reason-phrase]} (RFC 9112
 * section 4). Immutable.
 *
 * @param version the protocol version, such as {@code "1.1"}
 * @param statusCode the three-digit status code, 100 to 999
 */
record StatusLine(String version, int statusCode) {

  /** Parses a status line without its line ending; returns null when it is not one. */
  static @Nullable StatusLine parse(LineChars line) {
    int length = line.length();
    int space = line.indexOf(' ', 0, length);
    if (space < 0) {
      return null;
    }
    String version = MessageStart.protocolVersion(line, 0, space);
    int code = space + 1;
    if (version == null || length < code + 3) {
      return null;
    }
    int status = 0;
    for (int i = code; i < code + 3; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      status = status * 10 + (c - '0');
    }
    boolean reasonFollows = length == code + 3 || line.charAt(code + 3) == ' ';
    return status >= 100 && reasonFollows ? new StatusLine(version, status) : null;
  }

  /** A 1xx response: another response to the same request follows. */
  boolean isInformational() {
    return statusCode >= 100 && statusCode < 200;
  }

  boolean isSwitchingProtocols() {
    return statusCode == 101;
  }

  boolean isSuccessful() {
    return statusCode >= 200 && statusCode < 300;
  }
}
