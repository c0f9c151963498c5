package io.sockscope.protocols.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages byte by byte, for tests that need what no real peer sends. */
final class DnsMessages {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private DnsMessages() {}

  /** A header: ID, flags and the four section counts. */
  static DnsMessages header(int id, int flags, int questions, int answers, int authority, int additional) {
    DnsMessages message = new DnsMessages();
    message.u16(id).u16(flags).u16(questions).u16(answers).u16(authority).u16(additional);
    return message;
  }

  /** A query for {@code name} of {@code type}, class IN, recursion desired. */
  static byte[] query(int id, String name, int type) {
    return header(id, 0x0100, 1, 0, 0, 0).name(name).u16(type).u16(1).toByteArray();
  }

  /** A name of uncompressed labels, ending with the root. */
  DnsMessages name(String dotted) {
    for (String label : dotted.split("\\.")) {
      if (!label.isEmpty()) {
        byte[] ascii = label.getBytes(StandardCharsets.ISO_8859_1);
        u8(ascii.length).raw(ascii);
      }
    }
    return u8(0);
  }

  /** A compression pointer to {@code offset}. */
  DnsMessages pointer(int offset) {
    return u8(0xC0 | offset >>> 8).u8(offset & 0xFF);
  }

  /** Type, class IN, a TTL of 60 and the length of {@code data}, then the data. */
  DnsMessages record(int type, byte[] data) {
    return u16(type).u16(1).u32(60).u16(data.length).raw(data);
  }

  DnsMessages u8(int value) {
    bytes.write(value);
    return this;
  }

  DnsMessages u16(int value) {
    return u8(value >>> 8 & 0xFF).u8(value & 0xFF);
  }

  DnsMessages u32(long value) {
    return u16((int) (value >>> 16) & 0xFFFF).u16((int) value & 0xFFFF);
  }

  DnsMessages raw(byte... raw) {
    bytes.writeBytes(raw);
    return this;
  }

  int size() {
    return bytes.size();
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
