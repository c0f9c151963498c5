package io.sockscope.protocols.http;

/**
 * Bytes as curl 7.88.1 and nginx 1.22.1 put them on the wire, captured on 127.0.0.1:8080, plus a
 * few from other peers where nginx would not produce the case (HTTP/1.0 without a length, 101).
 */
final class CurlNginxTraffic {

  private CurlNginxTraffic() {}

  static final String DATE = "Date: Tue, 14 May 2024 09:21:07 GMT\r\n";

  static final String INDEX_HTML =
      "<!DOCTYPE html>\n"
          + "<html>\n"
          + "<head>\n"
          + "<title>Welcome to nginx!</title>\n"
          + "</head>\n"
          + "<body>\n"
          + "<h1>Welcome to nginx!</h1>\n"
          + "<p>If you see this page, the nginx web server is successfully installed and\n"
          + "working. Further configuration is required.</p>\n"
          + "</body>\n"
          + "</html>\n";

  static final String SITE_CSS = "body { font-family: sans-serif; margin: 2em; }\n";

  static final String ITEMS_JSON =
      "[{\"id\":11,\"name\":\"kettle\"},{\"id\":12,\"name\":\"teapot\"}]";

  static final String NOT_FOUND_HTML =
      "<html>\r\n"
          + "<head><title>404 Not Found</title></head>\r\n"
          + "<body>\r\n"
          + "<center><h1>404 Not Found</h1></center>\r\n"
          + "<hr><center>nginx/1.22.1</center>\r\n"
          + "</body>\r\n"
          + "</html>\r\n";

  static final String GET_INDEX =
      "GET /index.html HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  static final String GET_STYLE =
      "GET /css/site.css HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  static final String GET_ITEMS =
      "GET /api/items?page=2&size=10 HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: application/json\r\n"
          + "\r\n";

  static final String GET_MISSING =
      "GET /missing.png HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  static final String HEAD_INDEX =
      "HEAD /index.html HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  static final String DELETE_ITEM =
      "DELETE /api/items/7 HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  static final String GET_INDEX_IF_NONE_MATCH =
      "GET /index.html HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "If-None-Match: \"6627a3c0-1a5\"\r\n"
          + "\r\n";

  /** 1500 bytes of JSON, sent by curl after the server's 100 Continue. */
  static final String UPLOAD_BODY = "{\"data\":\"" + "x".repeat(1489) + "\"}";

  static final String POST_UPLOAD_EXPECTING_CONTINUE =
      "POST /api/upload HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "Content-Type: application/json\r\n"
          + "Content-Length: 1500\r\n"
          + "Expect: 100-continue\r\n"
          + "\r\n";

  static final String POST_CHUNKED_STREAM =
      "POST /api/stream HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "Transfer-Encoding: chunked\r\n"
          + "Content-Type: text/plain\r\n"
          + "\r\n"
          + "5\r\nhello\r\n"
          + "7\r\n, world\r\n"
          + "0\r\n\r\n";

  static final String GET_ROOT_HTTP_1_0 =
      "GET / HTTP/1.0\r\n"
          + "Host: 127.0.0.1:8000\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n";

  static final String GET_CHAT_UPGRADE =
      "GET /chat HTTP/1.1\r\n"
          + "Host: 127.0.0.1:8080\r\n"
          + "User-Agent: curl/7.88.1\r\n"
          + "Connection: Upgrade\r\n"
          + "Upgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "\r\n";

  static String nginxOk(String contentType, String body) {
    return "HTTP/1.1 200 OK\r\n"
        + "Server: nginx/1.22.1\r\n"
        + DATE
        + "Content-Type: "
        + contentType
        + "\r\n"
        + "Content-Length: "
        + body.length()
        + "\r\n"
        + "Last-Modified: Tue, 23 Apr 2024 12:00:00 GMT\r\n"
        + "Connection: keep-alive\r\n"
        + "ETag: \"6627a3c0-1a5\"\r\n"
        + "Accept-Ranges: bytes\r\n"
        + "\r\n"
        + body;
  }

  static final String OK_INDEX = nginxOk("text/html", INDEX_HTML);

  static final String OK_STYLE = nginxOk("text/css", SITE_CSS);

  static final String OK_ITEMS = nginxOk("application/json", ITEMS_JSON);

  /** The answer to HEAD: the length of the body a GET would get, and no body. */
  static final String OK_INDEX_HEAD =
      OK_INDEX.substring(0, OK_INDEX.length() - INDEX_HTML.length());

  static final String NOT_FOUND =
      "HTTP/1.1 404 Not Found\r\n"
          + "Server: nginx/1.22.1\r\n"
          + DATE
          + "Content-Type: text/html\r\n"
          + "Content-Length: "
          + NOT_FOUND_HTML.length()
          + "\r\n"
          + "Connection: keep-alive\r\n"
          + "\r\n"
          + NOT_FOUND_HTML;

  static final String NO_CONTENT =
      "HTTP/1.1 204 No Content\r\n"
          + "Server: nginx/1.22.1\r\n"
          + DATE
          + "Connection: keep-alive\r\n"
          + "\r\n";

  static final String NOT_MODIFIED =
      "HTTP/1.1 304 Not Modified\r\n"
          + "Server: nginx/1.22.1\r\n"
          + DATE
          + "Last-Modified: Tue, 23 Apr 2024 12:00:00 GMT\r\n"
          + "Connection: keep-alive\r\n"
          + "ETag: \"6627a3c0-1a5\"\r\n"
          + "\r\n";

  static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

  static final String CREATED =
      "HTTP/1.1 201 Created\r\n"
          + "Server: nginx/1.22.1\r\n"
          + DATE
          + "Content-Type: application/json\r\n"
          + "Content-Length: 27\r\n"
          + "Connection: keep-alive\r\n"
          + "Location: /api/upload/42\r\n"
          + "\r\n"
          + "{\"id\":42,\"status\":\"stored\"}";

  /** 23 body bytes in three chunks, with chunk extensions and a trailer. */
  static final String OK_CHUNKED_WITH_TRAILER =
      "HTTP/1.1 200 OK\r\n"
          + "Server: nginx/1.22.1\r\n"
          + DATE
          + "Content-Type: text/plain\r\n"
          + "Transfer-Encoding: chunked\r\n"
          + "Connection: keep-alive\r\n"
          + "Trailer: Expires\r\n"
          + "\r\n"
          + "7;name=first\r\n"
          + "Mozilla\r\n"
          + "9\r\n"
          + "Developer\r\n"
          + "7;ext1;ext2=\"quoted;value\"\r\n"
          + "Network\r\n"
          + "0\r\n"
          + "Expires: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
          + "\r\n";

  static final String OK_STREAM_STORED =
      "HTTP/1.1 200 OK\r\n"
          + "Server: nginx/1.22.1\r\n"
          + DATE
          + "Content-Type: text/plain\r\n"
          + "Content-Length: 9\r\n"
          + "Connection: keep-alive\r\n"
          + "\r\n"
          + "received\n";

  /** A Python BaseHTTP server's answer without Content-Length: the body ends at the close. */
  static final String OK_HTTP_1_0_HEAD =
      "HTTP/1.0 200 OK\r\n"
          + "Server: BaseHTTP/0.6 Python/3.11.2\r\n"
          + DATE
          + "Content-Type: text/plain\r\n"
          + "\r\n";

  static final String SWITCHING_PROTOCOLS =
      "HTTP/1.1 101 Switching Protocols\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
          + "\r\n";
}
