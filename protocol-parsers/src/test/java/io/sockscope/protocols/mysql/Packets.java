package io.sockscope.protocols.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds packets for the tests that need more than the recordings hold. */
final class Packets {
  private Packets() {}

  /** One packet: the payload's length in 3 little-endian bytes, the sequence id, the payload. */
  static byte[] packet(int seq, byte[] payload) {
    byte[] packet = new byte[4 + payload.length];
    packet[0] = (byte) payload.length;
    packet[1] = (byte) (payload.length >> 8);
    packet[2] = (byte) (payload.length >> 16);
    packet[3] = (byte) seq;
    System.arraycopy(payload, 0, packet, 4, payload.length);
    return packet;
  }

  /**
   * A payload of any length as the protocol splits it: packets of 0xFFFFFF bytes, then one shorter
   * (empty when the length is a multiple of 0xFFFFFF), with sequence ids from {@code firstSeq}.
   */
  static byte[] split(int firstSeq, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 64);
    int seq = firstSeq;
    int offset = 0;
    while (true) {
      int length = Math.min(Message.MAX_PACKET_PAYLOAD, payload.length - offset);
      byte[] part = new byte[length];
      System.arraycopy(payload, offset, part, 0, length);
      out.writeBytes(packet(seq++, part));
      offset += length;
      if (length < Message.MAX_PACKET_PAYLOAD) {
        return out.toByteArray();
      }
    }
  }

  static byte[] query(int seq, String sql) {
    return packet(seq, concat(new byte[] {0x03}, sql.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** OK: 2 rows affected, status autocommit, as mariadbd answered an INSERT (seq set by caller). */
  static byte[] okAffected(int seq, int rows) {
    return packet(seq, hex("00" + String.format("%02x", rows) + "00 0200 0000"));
  }

  /** A column count packet for one column, a column definition, and an EOF, from sequence id 1. */
  static byte[] oneColumnHeader() {
    return concat(
        packet(1, hex("01")),
        packet(2, concat(hex("03"), "def".getBytes(StandardCharsets.US_ASCII),
            hex("00 00 00 01 61 00 0c 21 00 ffffff00 fd 0000 00 0000"))),
        packet(3, hex("fe 0000 0200")));
  }
}
