package io.sockscope.protocols.dns;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The text of a resource record's data, as {@code dns.answers} shows it: an address for A and
 * AAAA, the target name for CNAME, NS and PTR, {@code preference exchange} for MX, the quoted
 * strings of a TXT record (at most {@link DnsLimits#MAX_TXT_CHARS} characters), {@code mname rname
 * serial} for SOA. Any other type, or data of the wrong size for its type, is shown as its type and
 * length: {@code SRV (25 bytes)}. Stateless.
 */
final class RecordData {

  private static final int IPV4_BYTES = 4;
  private static final int IPV6_BYTES = 16;
  private static final int MX_PREFERENCE_BYTES = 2;

  private RecordData() {}

  /**
   * The text of the data of {@code length} bytes at {@code offset}. Names inside it may point
   * anywhere earlier in the message, but must end inside the data.
   */
  static String format(MessageBytes message, int type, int offset, int length)
      throws MalformedMessageException {
    message.check(offset, length);
    int end = offset + length;
    switch (type) {
      case DnsCodes.TYPE_A:
        return length == IPV4_BYTES ? address(message.bytes(offset, length)) : opaque(type, length);
      case DnsCodes.TYPE_AAAA:
        return length == IPV6_BYTES ? address(message.bytes(offset, length)) : opaque(type, length);
      case DnsCodes.TYPE_CNAME:
      case DnsCodes.TYPE_NS:
      case DnsCodes.TYPE_PTR:
        return nameWithin(message, offset, end).text();
      case DnsCodes.TYPE_MX:
        if (length <= MX_PREFERENCE_BYTES) {
          return opaque(type, length);
        }
        return message.u16(offset) + " " + nameWithin(message, offset + MX_PREFERENCE_BYTES, end).text();
      case DnsCodes.TYPE_TXT:
        return characterStrings(message, offset, end);
      case DnsCodes.TYPE_SOA:
        return soa(message, offset, end);
      default:
        return opaque(type, length);
    }
  }

  private static String soa(MessageBytes message, int offset, int end)
      throws MalformedMessageException {
    NameDecoder.Name mname = nameWithin(message, offset, end);
    NameDecoder.Name rname = nameWithin(message, mname.next(), end);
    if (rname.next() + 4 > end) {
      throw MalformedMessageException.because("SOA record shorter than its fields");
    }
    return mname.text() + " " + rname.text() + " " + message.u32(rname.next());
  }

  /** The strings of a TXT record, each quoted, separated by spaces, cut at the limit. */
  private static String characterStrings(MessageBytes message, int offset, int end)
      throws MalformedMessageException {
    StringBuilder text = new StringBuilder();
    int position = offset;
    while (position < end) {
      int length = message.u8(position);
      if (position + 1 + length > end) {
        throw MalformedMessageException.because("TXT string past the end of its record");
      }
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append('"');
      for (int i = 1; i <= length && text.length() < DnsLimits.MAX_TXT_CHARS; i++) {
        NameDecoder.appendEscaped(text, message.u8(position + i), false);
      }
      text.append('"');
      if (text.length() >= DnsLimits.MAX_TXT_CHARS) {
        return text.substring(0, DnsLimits.MAX_TXT_CHARS) + "...";
      }
      position += 1 + length;
    }
    return text.toString();
  }

  private static NameDecoder.Name nameWithin(MessageBytes message, int offset, int end)
      throws MalformedMessageException {
    NameDecoder.Name name = NameDecoder.read(message, offset);
    if (name.next() > end) {
      throw MalformedMessageException.because("name past the end of its record");
    }
    return name;
  }

  private static String address(byte[] bytes) {
    try {
      return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are an address", e);
    }
  }

  private static String opaque(int type, int length) {
    return DnsCodes.type(type) + " (" + length + (length == 1 ? " byte)" : " bytes)");
  }
}
