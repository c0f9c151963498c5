package io.sockscope.protocols.http;

/** How the end of a message body is found (RFC 9112 section 6.3). */
enum BodyFraming {
  /** No body: a bodiless request, or a response to HEAD, a 1xx, 204 or 304. */
  NONE,
  /** Exactly Content-Length bytes. */
  FIXED_LENGTH,
  /** Chunks, ended by a zero-size chunk and the trailer lines. */
  CHUNKED,
  /** Everything until the connection closes; responses only. */
  UNTIL_CLOSE
}
