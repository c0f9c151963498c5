package io.sockscope.protocols.mysql;

import java.nio.ByteBuffer;

/**
 * Frames the packets of one direction into {@link Message}s: a 3-byte little-endian payload length,
 * a sequence id, the payload. A payload of 0xFFFFFF bytes continues in the next packet, whose
 * sequence id must follow. Every byte offered is consumed as it arrives, so a message of any size
 * passes through in pieces; only its first {@link MySqlLimits#MAX_KEPT_PAYLOAD_BYTES} bytes are
 * kept. Confined to the session's thread.
 */
final class PacketReader {

  /** Receives each message as its last byte is read. */
  interface Listener {
    /**
     * A whole message. Returns false to stop reading: the bytes after this message are left
     * unconsumed.
     */
    boolean onMessage(Message message);

    /** The packets broke the framing rules; reading has stopped. */
    void onMalformed(String reason);
  }

  private static final int HEADER_BYTES = 4;

  private final Listener listener;
  private final Message message = new Message();
  private final byte[] header = new byte[HEADER_BYTES];
  private int headerBytes;
  private long headerStartNanos;
  private boolean inMessage;
  private boolean inPayload;
  private int packetLength;
  private int payloadRemaining;
  private boolean stopped;

  PacketReader(Listener listener) {
    this.listener = listener;
  }

  /** Reads {@code data} from its position to its limit; returns how many bytes were consumed. */
  int read(ByteBuffer data, long timestampNanos) {
    int start = data.position();
    int index = start;
    int limit = data.limit();
    while (index < limit && !stopped) {
      if (!inPayload) {
        if (headerBytes == 0) {
          headerStartNanos = timestampNanos;
        }
        header[headerBytes++] = data.get(index++);
        if (headerBytes == HEADER_BYTES && !startPacket() || stopped) {
          break;
        }
      } else {
        int count = Math.min(payloadRemaining, limit - index);
        message.add(data, index, count);
        index += count;
        payloadRemaining -= count;
      }
      if (inPayload && payloadRemaining == 0 && !endPacket(timestampNanos)) {
        break;
      }
    }
    return index - start;
  }

  /**
   * Skips {@code length} lost bytes. Returns true when they fell inside a payload, whose message
   * goes on (its kept bytes end at the gap); false when a header was lost, which loses the framing.
   */
  boolean skip(long length, long timestampNanos) {
    if (stopped || !inPayload || length > payloadRemaining) {
      return false;
    }
    message.addLost(length);
    payloadRemaining -= (int) length;
    if (payloadRemaining == 0) {
      endPacket(timestampNanos);
    }
    return true;
  }

  /** Whether a message has begun and not ended. */
  boolean isInsideMessage() {
    return inMessage;
  }

  void stop() {
    stopped = true;
  }

  /** Takes the header just read; false when it breaks the rules (reading has stopped). */
  private boolean startPacket() {
    headerBytes = 0;
    int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
    int seq = header[3] & 0xff;
    if (inMessage) {
      if (seq != ((message.lastSeq() + 1) & 0xff)) {
        malformed("sequence id out of order in a continued payload");
        return false;
      }
      message.continueWith(seq);
    } else {
      message.start(seq, length, headerStartNanos);
      inMessage = true;
    }
    packetLength = length;
    payloadRemaining = length;
    inPayload = true;
    return true;
  }

  /** Ends the current packet, and its message unless a packet follows; false to stop. */
  private boolean endPacket(long timestampNanos) {
    inPayload = false;
    message.end(timestampNanos);
    if (packetLength == Message.MAX_PACKET_PAYLOAD) {
      return true;
    }
    inMessage = false;
    if (!listener.onMessage(message)) {
      stopped = true;
      return false;
    }
    return !stopped;
  }

  private void malformed(String reason) {
    stopped = true;
    listener.onMalformed(reason);
  }
}
