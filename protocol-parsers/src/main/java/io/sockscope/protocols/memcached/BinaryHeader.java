package io.sockscope.protocols.memcached;

import java.nio.ByteBuffer;

/**
 * The 24-byte header of a binary packet.
 *
 * @param magic 0x80 for a request, 0x81 for a response
 * @param status a response's status; a request's vbucket id
 * @param bodyLength extras, key and value together, an unsigned 32-bit number
 */
record BinaryHeader(
    int magic,
    int opcode,
    int keyLength,
    int extrasLength,
    int dataType,
    int status,
    long bodyLength,
    int opaque) {

  static final int BYTES = 24;
  static final int REQUEST_MAGIC = 0x80;
  static final int RESPONSE_MAGIC = 0x81;

  /** Reads a header at index {@code at}; the caller makes sure 24 bytes are there. */
  static BinaryHeader read(ByteBuffer data, int at) {
    return new BinaryHeader(
        data.get(at) & 0xff,
        data.get(at + 1) & 0xff,
        data.getShort(at + 2) & 0xffff,
        data.get(at + 4) & 0xff,
        data.get(at + 5) & 0xff,
        data.getShort(at + 6) & 0xffff,
        data.getInt(at + 8) & 0xffffffffL,
        data.getInt(at + 12));
  }

  boolean isRequest() {
    return magic == REQUEST_MAGIC;
  }

  /** The value's length: the body less extras and key; negative when those do not fit. */
  long valueLength() {
    return bodyLength - extrasLength - keyLength;
  }
}
