package io.sockscope.internal.conn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Puts the chunks of one direction of a datagram socket back into whole messages. The kernel
 * cuts a large datagram into several records; the first carries the message's size and peer.
 * A message whose chunks do not all arrive (the ring was full) is dropped and its bytes counted
 * as lost. Confined to the connection's handler thread.
 */
final class DatagramAssembler {
  /** Receives each message once complete. */
  interface Sink {
    void onDatagram(InetSocketAddress peer, ByteBuffer payload, long notCapturedBytes, long timestampNanos);

    void onLost(long bytes);

    /** Whole messages the kernel counted but did not copy. */
    void onSkipped(long bytes);
  }

  private static final InetSocketAddress UNKNOWN_PEER = new InetSocketAddress("0.0.0.0", 0);

  private byte[] buffer = new byte[512];
  private int captured;
  private long spanned;
  private long messageSize;
  private boolean inMessage;
  private @Nullable InetSocketAddress peer;
  private long expectedPosition = -1;

  void add(DataChunk chunk, Sink sink) {
    if (expectedPosition >= 0 && chunk.position > expectedPosition) {
      sink.onLost(chunk.position - expectedPosition + (inMessage ? spanned : 0));
      inMessage = false;
    }
    expectedPosition = Math.max(expectedPosition, chunk.position + chunk.size);
    if (chunk.skippedMessages) {
      if (inMessage) {
        sink.onLost(spanned);
        inMessage = false;
      }
      sink.onSkipped(chunk.size);
      return;
    }
    if (chunk.messageStart) {
      if (inMessage) {
        sink.onLost(spanned);
      }
      inMessage = true;
      captured = 0;
      spanned = 0;
      messageSize = chunk.messageSize;
      peer = chunk.peer;
    } else if (!inMessage) {
      sink.onLost(chunk.size); // the rest of a message whose start was lost
      return;
    }
    append(chunk);
    spanned += chunk.size;
    if (spanned >= messageSize) {
      inMessage = false;
      sink.onDatagram(peer == null ? UNKNOWN_PEER : peer,
          ByteBuffer.wrap(buffer, 0, captured).asReadOnlyBuffer(), messageSize - captured, chunk.timestampNanos);
    }
  }

  private void append(DataChunk chunk) {
    if (chunk.captured == 0 || captured < spanned) {
      return; // bytes after an uncopied part cannot be placed: they count as not captured
    }
    if (captured + chunk.captured > buffer.length) {
      byte[] larger = new byte[Math.max(buffer.length * 2, captured + chunk.captured)];
      System.arraycopy(buffer, 0, larger, 0, captured);
      buffer = larger;
    }
    System.arraycopy(chunk.bytes, chunk.offset, buffer, captured, chunk.captured);
    captured += chunk.captured;
  }
}
