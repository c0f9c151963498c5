package io.sockscope.protocols.dns;

import io.sockscope.protocols.dns.MalformedMessageException.Shortfall;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one whole DNS message (RFC 1035, section 4): the header, the question section, the
 * answer records with their data as text ({@link RecordData}), and the authority and additional
 * records, which are checked and counted but not kept; an EDNS OPT record (RFC 6891) among them
 * only lends its upper RCODE bits. Stateless.
 *
 * <p>Records that stop short of the header's counts are tolerated when the message says it is
 * truncated (TC) or when its end was not captured: what was read is kept. Anything else that breaks
 * the format is a {@link MalformedMessageException}.
 */
final class MessageDecoder {

  private static final int QUESTION_FIXED_BYTES = 4;
  private static final int RECORD_FIXED_BYTES = 10;
  private static final int TC = 0x0200;
  private static final int RCODE_MASK = 0xF;
  private static final int EXTENDED_RCODE_SHIFT = 24;

  /** The decoded message and the offset just past its last record. */
  record Decoded(DnsMessage message, int end) {}

  private MessageDecoder() {}

  /**
   * Decodes the message whose first byte is at index {@code base} of {@code buffer}.
   *
   * @param captured how many of its bytes the buffer holds
   * @param length its real length; more than {@code captured} when its end was not copied
   */
  static Decoded decode(ByteBuffer buffer, int base, int captured, int length)
      throws MalformedMessageException {
    MessageBytes message = new MessageBytes(buffer, base, captured, length);
    if (length < DnsLimits.HEADER_BYTES) {
      throw MalformedMessageException.because("message shorter than its header");
    }
    int id = message.u16(0);
    int flags = message.u16(2);
    int[] counts = {message.u16(4), message.u16(6), message.u16(8), message.u16(10)};
    Sections sections = new Sections(message);
    boolean complete = true;
    try {
      sections.read(counts);
    } catch (MalformedMessageException e) {
      boolean truncatedAnswer = e.shortfall() == Shortfall.PAST_THE_END && (flags & TC) != 0;
      if (e.shortfall() != Shortfall.NOT_CAPTURED && !truncatedAnswer) {
        throw e;
      }
      complete = false;
    }
    int rcode = sections.extendedRcodeBits << 4 | flags & RCODE_MASK;
    DnsMessage decoded =
        new DnsMessage(id, flags, rcode, sections.question, counts[0], counts[1], counts[2], counts[3],
            sections.answers.toString(), complete);
    return new Decoded(decoded, complete ? sections.position : length);
  }

  /** Walks the four sections, keeping the first question and the answers' text. */
  private static final class Sections {
    private final MessageBytes message;
    private final AnswerText answers = new AnswerText();
    private int position = DnsLimits.HEADER_BYTES;
    private DnsMessage.@Nullable Question question;
    private int extendedRcodeBits;

    Sections(MessageBytes message) {
      this.message = message;
    }

    void read(int[] counts) throws MalformedMessageException {
      for (int i = 0; i < counts[0]; i++) {
        NameDecoder.Name name = NameDecoder.read(message, position);
        message.check(name.next(), QUESTION_FIXED_BYTES);
        if (question == null) {
          question = new DnsMessage.Question(name.text(), message.u16(name.next()), message.u16(name.next() + 2));
        }
        position = name.next() + QUESTION_FIXED_BYTES;
      }
      for (int i = 0; i < counts[1]; i++) {
        readRecord(true);
      }
      for (int i = 0; i < counts[2] + counts[3]; i++) {
        readRecord(false);
      }
    }

    private void readRecord(boolean answer) throws MalformedMessageException {
      NameDecoder.Name owner = NameDecoder.read(message, position);
      int fixed = owner.next();
      message.check(fixed, RECORD_FIXED_BYTES);
      int type = message.u16(fixed);
      int dataLength = message.u16(fixed + 8);
      int data = fixed + RECORD_FIXED_BYTES;
      message.check(data, dataLength);
      if (answer) {
        answers.add(RecordData.format(message, type, data, dataLength));
      } else if (type == DnsCodes.TYPE_OPT) {
        extendedRcodeBits = (int) (message.u32(fixed + 4) >>> EXTENDED_RCODE_SHIFT);
      }
      position = data + dataLength;
    }
  }

  /** The answers' data joined with ", ", cut at {@link DnsLimits#MAX_ANSWERS_CHARS}. */
  private static final class AnswerText {
    private static final String SEPARATOR = ", ";
    private static final String CUT = "...";
    private final StringBuilder text = new StringBuilder();
    private boolean cut;

    void add(String answer) {
      if (cut) {
        return;
      }
      int needed = (text.length() == 0 ? 0 : SEPARATOR.length()) + answer.length();
      if (text.length() + needed > DnsLimits.MAX_ANSWERS_CHARS) {
        cut = true;
        text.append(text.length() == 0 ? "" : SEPARATOR).append(CUT);
        return;
      }
      text.append(text.length() == 0 ? "" : SEPARATOR).append(answer);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
