package io.sockscope.protocols.dns;

import java.nio.ByteBuffer;

/**
 * Judges whether bytes begin a DNS message, for protocol inference: a header whose fields are
 * sane, section counts that fit the message's length, and a first question that parses, with a
 * known type and class. When the whole message is there, every record must decode too, and end
 * exactly where the message does. Stateless.
 */
final class MessageStart {

  /** What the bytes look like. */
  enum Verdict {
    /** Not a DNS message. */
    NO,
    /** A prefix of what may be a DNS message. */
    NEED_MORE_BYTES,
    /** Well formed, but not what clients and servers usually send: the port must tell. */
    UNUSUAL,
    /** A well-formed, ordinary DNS message. */
    YES
  }

  private static final int QR = 0x8000;
  private static final int OPCODE_SHIFT = 11;
  private static final int OPCODE_MASK = 0xF;
  private static final int AA = 0x0400;
  private static final int TC = 0x0200;
  private static final int Z = 0x0040;
  private static final int RCODE_MASK = 0xF;
  private static final int MIN_QUESTION_BYTES = 5;
  private static final int MIN_RECORD_BYTES = 11;
  /** An OPT record, a TSIG or SIG(0) record, and one more: more is not an ordinary query. */
  private static final int MAX_QUERY_ADDITIONAL = 3;
  /** Answers repeat the question; a handful of questions at most, in practice one. */
  private static final int MAX_RESPONSE_QUESTIONS = 4;

  private MessageStart() {}

  /**
   * Judges the message of {@code length} bytes whose first {@code available} bytes start at index
   * {@code from} of {@code bytes}.
   */
  static Verdict judge(ByteBuffer bytes, int from, int available, int length) {
    if (length < DnsLimits.HEADER_BYTES + MIN_QUESTION_BYTES) {
      return Verdict.NO;
    }
    if (available < DnsLimits.HEADER_BYTES) {
      return partialHeader(bytes, from, available, length) == Verdict.NO ? Verdict.NO : Verdict.NEED_MORE_BYTES;
    }
    MessageBytes message = new MessageBytes(bytes, from, available, length);
    try {
      Verdict header = header(message.u16(2), message.u16(4), message.u16(6), message.u16(8), message.u16(10), length);
      if (header == Verdict.NO) {
        return Verdict.NO;
      }
      Verdict question = question(message);
      if (question == Verdict.NO) {
        return Verdict.NO;
      }
      if (available < length) {
        return worst(header, question);
      }
      MessageDecoder.Decoded decoded = MessageDecoder.decode(bytes, from, length, length);
      if (decoded.end() != length) {
        return Verdict.NO;
      }
      return worst(header, question);
    } catch (MalformedMessageException e) {
      boolean mayComplete = e.shortfall() == MalformedMessageException.Shortfall.NOT_CAPTURED;
      return mayComplete ? Verdict.NEED_MORE_BYTES : Verdict.NO;
    }
  }

  /**
   * Judges the fields of a header cut short, as if the missing ones held the most ordinary values:
   * flags 0 and one question, no records.
   */
  private static Verdict partialHeader(ByteBuffer bytes, int from, int available, int length) {
    byte[] header = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    bytes.get(from, header, 0, available);
    ByteBuffer filled = ByteBuffer.wrap(header);
    return header(filled.getShort(2) & 0xFFFF, filled.getShort(4) & 0xFFFF, filled.getShort(6) & 0xFFFF,
        filled.getShort(8) & 0xFFFF, filled.getShort(10) & 0xFFFF, length);
  }

  private static Verdict header(int flags, int questions, int answers, int authority, int additional, int length) {
    int opcode = flags >>> OPCODE_SHIFT & OPCODE_MASK;
    if (!DnsCodes.isKnownOpcode(opcode) || (flags & Z) != 0) {
      return Verdict.NO;
    }
    long minimumLength = DnsLimits.HEADER_BYTES + (long) MIN_QUESTION_BYTES * questions
        + (long) MIN_RECORD_BYTES * (answers + authority + additional);
    if (minimumLength > length) {
      return Verdict.NO;
    }
    boolean response = (flags & QR) != 0;
    if (!response) {
      if ((flags & (TC | RCODE_MASK)) != 0 || questions != 1) {
        return Verdict.NO;
      }
      return switch (opcode) {
        case DnsCodes.OPCODE_QUERY ->
            (flags & AA) == 0 && answers == 0 && authority == 0 && additional <= MAX_QUERY_ADDITIONAL
                ? Verdict.YES
                : Verdict.NO;
        case DnsCodes.OPCODE_NOTIFY, DnsCodes.OPCODE_UPDATE -> Verdict.YES;
        default -> Verdict.UNUSUAL;
      };
    }
    if (questions == 0 || questions > MAX_RESPONSE_QUESTIONS) {
      return questions == 0 ? Verdict.UNUSUAL : Verdict.NO;
    }
    return opcode == DnsCodes.OPCODE_QUERY || opcode == DnsCodes.OPCODE_NOTIFY || opcode == DnsCodes.OPCODE_UPDATE
        ? Verdict.YES
        : Verdict.UNUSUAL;
  }

  /**
   * The first question: a name of visible ASCII labels that starts with no compression pointer (there
   * is nothing before it to point to), then a known type and class.
   */
  private static Verdict question(MessageBytes message) throws MalformedMessageException {
    if (message.u16(4) == 0) {
      return Verdict.UNUSUAL;
    }
    Verdict verdict = Verdict.YES;
    int position = DnsLimits.HEADER_BYTES;
    int wireBytes = 1;
    for (int length = message.u8(position); length != 0; length = message.u8(position)) {
      if (length > DnsLimits.MAX_LABEL_BYTES) {
        return Verdict.NO;
      }
      wireBytes += 1 + length;
      if (wireBytes > DnsLimits.MAX_NAME_BYTES) {
        return Verdict.NO;
      }
      for (int i = 1; i <= length; i++) {
        int b = message.u8(position + i);
        if (b <= ' ' || b >= 0x7f) {
          verdict = Verdict.UNUSUAL;
        }
      }
      position += 1 + length;
    }
    int type = message.u16(position + 1);
    int dnsClass = message.u16(position + 3);
    if (type == 0 || dnsClass == 0) {
      return Verdict.NO;
    }
    boolean known = DnsCodes.isKnownType(type) && DnsCodes.isKnownClass(dnsClass);
    return known ? verdict : Verdict.UNUSUAL;
  }

  private static Verdict worst(Verdict a, Verdict b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
