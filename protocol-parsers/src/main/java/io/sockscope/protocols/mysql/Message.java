package io.sockscope.protocols.mysql;

/**
 * One message of one direction: the payload of a packet, or of several when a payload of 0xFFFFFF
 * bytes continues in the next packet. Only its first {@link MySqlLimits#MAX_KEPT_PAYLOAD_BYTES}
 * bytes are kept. Owned and reused by its {@link PacketReader}: valid only during the listener call
 * that reports it. Confined to the session's thread.
 */
final class Message {

  /** The largest payload of one packet; a packet this long is followed by another. */
  static final int MAX_PACKET_PAYLOAD = 0xffffff;

  private byte[] bytes = new byte[256];
  private int keptLength;
  private boolean keptComplete = true;
  private long length;
  private int firstSeq;
  private int lastSeq;
  private int firstPacketLength;
  private long startNanos;
  private long endNanos;

  void start(int seq, int packetLength, long nanos) {
    keptLength = 0;
    keptComplete = true;
    length = 0;
    firstSeq = seq;
    lastSeq = seq;
    firstPacketLength = packetLength;
    startNanos = nanos;
    endNanos = nanos;
  }

  void continueWith(int seq) {
    lastSeq = seq;
  }

  /**
   * Counts {@code count} payload bytes, keeping those that fit, from {@code source} at absolute
   * index {@code index}; the buffer's position is left alone.
   */
  void add(java.nio.ByteBuffer source, int index, int count) {
    length += count;
    int keep = keptComplete ? Math.min(count, MySqlLimits.MAX_KEPT_PAYLOAD_BYTES - keptLength) : 0;
    if (keep <= 0) {
      keptComplete &= keptLength + count <= MySqlLimits.MAX_KEPT_PAYLOAD_BYTES;
      return;
    }
    if (keptLength + keep > bytes.length) {
      byte[] larger = new byte[Math.min(MySqlLimits.MAX_KEPT_PAYLOAD_BYTES, Math.max(bytes.length * 2, keptLength + keep))];
      System.arraycopy(bytes, 0, larger, 0, keptLength);
      bytes = larger;
    }
    source.get(index, bytes, keptLength, keep);
    keptLength += keep;
    keptComplete &= keep == count;
  }

  /** Counts {@code count} payload bytes that were lost: the kept bytes end before them. */
  void addLost(long count) {
    length += count;
    keptComplete = false;
  }

  void end(long nanos) {
    endNanos = nanos;
  }

  /** The kept bytes, from index 0 to {@link #keptLength()}. */
  byte[] bytes() {
    return bytes;
  }

  int keptLength() {
    return keptLength;
  }

  /** Whether the kept bytes are the whole payload. */
  boolean isWhole() {
    return keptComplete && keptLength == length;
  }

  /** The payload's length in bytes, over all its packets. */
  long length() {
    return length;
  }

  /** The first payload byte, or -1 for an empty payload. */
  int header() {
    return keptLength == 0 ? -1 : bytes[0] & 0xff;
  }

  /** The sequence id of the first packet. */
  int firstSeq() {
    return firstSeq;
  }

  /** The sequence id of the last packet. */
  int lastSeq() {
    return lastSeq;
  }

  /** The payload length of the first packet; 0xFFFFFF when more packets followed. */
  int firstPacketLength() {
    return firstPacketLength;
  }

  /** When the call that carried the first byte of the first packet's header returned. */
  long startNanos() {
    return startNanos;
  }

  /** When the call that carried the last byte returned. */
  long endNanos() {
    return endNanos;
  }

  /** An EOF packet: 0xFE and shorter than the shortest OK packet with a 0xFE header (7 bytes). */
  boolean isEof() {
    return header() == 0xfe && firstPacketLength < 7;
  }

  /** An EOF packet, or an OK packet with a 0xFE header, which ends a result set's rows. */
  boolean isEofOrOkEnd() {
    return header() == 0xfe && firstPacketLength < MAX_PACKET_PAYLOAD;
  }

  /** An ERR packet. */
  boolean isErr() {
    return header() == 0xff && firstPacketLength < MAX_PACKET_PAYLOAD;
  }

  /** An OK packet with a 0x00 header. */
  boolean isOk() {
    return header() == 0x00 && firstPacketLength >= 7 && firstPacketLength < MAX_PACKET_PAYLOAD;
  }
}
