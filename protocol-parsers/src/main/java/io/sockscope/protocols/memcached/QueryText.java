package io.sockscope.protocols.memcached;

/** Renders command lines and keys for {@code db.query.text}, bounded. Stateless. */
final class QueryText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private QueryText() {}

  /** {@code text} cut to {@link MemcachedLimits#MAX_QUERY_TEXT_CHARS}, ending with "..." when cut. */
  static String bounded(String text) {
    return shortened(text, MemcachedLimits.MAX_QUERY_TEXT_CHARS);
  }

  /** {@code text} cut to {@code maxChars}, ending with "..." when cut. */
  static String shortened(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars - 3) + "...";
  }

  /**
   * A binary key as text: printable ASCII as is, other bytes as {@code \xNN}; at most {@code
   * maxChars} characters, ending with "..." when cut.
   */
  static String key(byte[] key, int maxChars) {
    StringBuilder out = new StringBuilder(Math.min(key.length, maxChars));
    for (byte b : key) {
      if (out.length() >= maxChars) {
        out.setLength(maxChars - 3);
        return out.append("...").toString();
      }
      int c = b & 0xff;
      if (c > ' ' && c < 0x7f && c != '\\') {
        out.append((char) c);
      } else {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.length() > maxChars ? out.substring(0, maxChars - 3) + "..." : out.toString();
  }
}
