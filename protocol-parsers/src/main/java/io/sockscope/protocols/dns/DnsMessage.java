package io.sockscope.protocols.dns;

import org.jspecify.annotations.Nullable;

/**
 * What the parser keeps of one DNS message: its header, its first question, and the text of its
 * answers. Immutable.
 *
 * @param id the header's ID, which pairs an answer with its query
 * @param flags the header's second 16 bits: QR, opcode, AA, TC, RD, RA, Z, AD, CD and RCODE
 * @param responseCode the RCODE, extended by the upper bits from an EDNS OPT record if any
 * @param question the first question, or null when there is none (or it was not captured)
 * @param answerCount the header's ANCOUNT
 * @param answers the answers' data, joined with {@code ", "}, at most {@link
 *     DnsLimits#MAX_ANSWERS_CHARS} characters; empty when there are none
 * @param complete false when the records stop short of the header's counts: a truncated answer
 *     (TC), or a datagram not captured whole
 */
record DnsMessage(
    int id,
    int flags,
    int responseCode,
    @Nullable Question question,
    int questionCount,
    int answerCount,
    int authorityCount,
    int additionalCount,
    String answers,
    boolean complete) {

  private static final int QR = 0x8000;
  private static final int OPCODE_SHIFT = 11;
  private static final int OPCODE_MASK = 0xF;
  private static final int TC = 0x0200;
  private static final String[] FLAG_NAMES = {"qr", "aa", "tc", "rd", "ra", "ad", "cd"};
  private static final int[] FLAG_BITS = {QR, 0x0400, TC, 0x0100, 0x0080, 0x0020, 0x0010};

  /** One question: name, type and class. */
  record Question(String name, int type, int dnsClass) {}

  /** Whether this is a response (QR set) rather than a query. */
  boolean isResponse() {
    return (flags & QR) != 0;
  }

  int opcode() {
    return flags >>> OPCODE_SHIFT & OPCODE_MASK;
  }

  boolean isTruncated() {
    return (flags & TC) != 0;
  }

  /** The flags that are set, named and ordered as dig prints them: {@code qr aa rd ra}. */
  String flagNames() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < FLAG_BITS.length; i++) {
      if ((flags & FLAG_BITS[i]) != 0) {
        names.append(names.length() == 0 ? "" : " ").append(FLAG_NAMES[i]);
      }
    }
    return names.toString();
  }
}
