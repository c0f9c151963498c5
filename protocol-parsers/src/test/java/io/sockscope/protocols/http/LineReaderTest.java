package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineReaderTest {

  /** Bytes around a line feed that a word-at-a-time search could mistake for one. */
  private static final byte[] NEAR_LINE_FEEDS = {0x0b, 0x09, (byte) 0x8a, 0x1a, 0x0a - 1, 0x01, 0};

  @ParameterizedTest
  @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
  void findsTheFirstLineFeedAtEveryOffsetAndAlignment(String order) {
    for (int length = 0; length <= 24; length++) {
      for (int lineFeed = -1; lineFeed < length; lineFeed++) {
        for (int from = 0; from <= length; from++) {
          byte[] bytes = new byte[length];
          for (int i = 0; i < length; i++) {
            bytes[i] = NEAR_LINE_FEEDS[(i + lineFeed + 7) % NEAR_LINE_FEEDS.length];
          }
          if (lineFeed >= 0) {
            bytes[lineFeed] = '\n';
            if (lineFeed + 3 < length) {
              bytes[lineFeed + 3] = '\n'; // a later one must not win
            }
          }
          ByteBuffer data = ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
          if (order.equals("LITTLE_ENDIAN")) {
            data.order(ByteOrder.LITTLE_ENDIAN);
          }

          assertEquals(
              naiveEndOfLine(bytes, from, length),
              LineReader.endOfLine(data, from, length),
              "line feed at " + lineFeed + " of " + length + " bytes, searched from " + from);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 9, 17})
  void findsLinesOfferedAFewBytesAtATime(int piece) {
    String text = "GET /index.html HTTP/1.1\r\nHost: localhost:8080\r\n\r\n";
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    LineReader reader = new LineReader(new LineChars());
    ByteBuffer data = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    int lineStart = 0;
    StringBuilder lines = new StringBuilder();
    int limit = 0;
    while (limit < bytes.length) {
      limit = Math.min(limit + piece, bytes.length);
      int lineEnd = reader.nextLineEnd(data, lineStart, limit);
      while (lineEnd >= 0) {
        lines.append('[').append(reader.text(data, lineStart, lineEnd)).append(']');
        reader.consumed();
        lineStart = lineEnd;
        lineEnd = reader.nextLineEnd(data, lineStart, limit);
      }
    }

    assertEquals("[GET /index.html HTTP/1.1][Host: localhost:8080][]", lines.toString());
  }

  private static int naiveEndOfLine(byte[] bytes, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }
}
