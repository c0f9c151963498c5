package io.sockscope.protocols.dns;

/**
 * Reads a domain name from a message: labels, and compression pointers to names earlier in the
 * message (RFC 1035, section 4.1.4). Stateless.
 *
 * <p>Each pointer must point before every byte read so far for this name: a real encoder only
 * points back to names it has already written, and this rule makes a loop impossible. A pointer at
 * or after those bytes is a loop (or a forward reference), one outside the message or into its
 * header is out of bounds; both make the message malformed, as do labels of the reserved types
 * and names longer than {@link DnsLimits#MAX_NAME_BYTES}.
 *
 * <p>The text is the name without its final dot ({@code www.example.com}; the root is {@code .}),
 * escaped as OpenTelemetry's {@code dns.question.name} asks: a dot or backslash inside a label, and
 * a double quote, get a backslash; tab, carriage return and line feed become {@code \t}, {@code
 * \r}, {@code \n}; other bytes below 32 or above 126 become {@code \DDD}.
 */
final class NameDecoder {

  /** A name's text and the offset of the first byte after it where it was read. */
  record Name(String text, int next) {}

  private static final int POINTER = 0xC0;
  private static final int LABEL_TYPE_MASK = 0xC0;

  private NameDecoder() {}

  /** Reads the name that starts at {@code offset}. */
  static Name read(MessageBytes message, int offset) throws MalformedMessageException {
    StringBuilder text = new StringBuilder();
    int position = offset;
    int lowestRead = offset;
    int next = -1;
    int wireBytes = 1; // the final zero
    int pointers = 0;
    while (true) {
      int length = message.u8(position);
      if (length == 0) {
        if (next < 0) {
          next = position + 1;
        }
        return new Name(text.length() == 0 ? "." : text.toString(), next);
      }
      int labelType = length & LABEL_TYPE_MASK;
      if (labelType == POINTER) {
        int target = (length & ~LABEL_TYPE_MASK) << 8 | message.u8(position + 1);
        if (next < 0) {
          next = position + 2;
        }
        if (target < DnsLimits.HEADER_BYTES || target >= message.length()) {
          throw MalformedMessageException.because("compression pointer out of bounds");
        }
        if (target >= lowestRead) {
          throw MalformedMessageException.because("compression pointer loop");
        }
        if (++pointers > DnsLimits.MAX_COMPRESSION_POINTERS) {
          throw MalformedMessageException.because("too many compression pointers");
        }
        position = target;
        lowestRead = target;
        continue;
      }
      if (labelType != 0) {
        throw MalformedMessageException.because("reserved label type");
      }
      wireBytes += 1 + length;
      if (wireBytes > DnsLimits.MAX_NAME_BYTES) {
        throw MalformedMessageException.because("name longer than 255 bytes");
      }
      message.check(position + 1, length);
      if (text.length() > 0) {
        text.append('.');
      }
      for (int i = 1; i <= length; i++) {
        appendEscaped(text, message.u8(position + i), true);
      }
      position += 1 + length;
    }
  }

  /**
   * Appends one byte of a name or a character string, escaped; a dot is escaped only inside a
   * label ({@code inLabel}), where it is not a separator.
   */
  static void appendEscaped(StringBuilder text, int b, boolean inLabel) {
    switch (b) {
      case '\t' -> text.append("\\t");
      case '\r' -> text.append("\\r");
      case '\n' -> text.append("\\n");
      case '\\', '"' -> text.append('\\').append((char) b);
      case '.' -> text.append(inLabel ? "\\." : ".");
      default -> {
        if (b < 32 || b > 126) {
          text.append('\\').append(b / 100).append(b / 10 % 10).append(b % 10);
        } else {
          text.append((char) b);
        }
      }
    }
  }
}
