package io.sockscope.internal.conn;

import io.sockscope.spi.Direction;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * One data record, decoded: a span of one direction of a connection's stream and the bytes
 * of it that were copied. One instance per handler thread is refilled for every record, so
 * nothing is allocated per record; the tracker must not keep it.
 */
public final class DataChunk {
  public Direction direction = Direction.SENT;
  /** Bytes moved in this direction before this chunk. */
  public long position;
  /** Bytes this chunk spans in the stream; the first {@link #captured} are in {@link #bytes}. */
  public long size;
  public byte[] bytes = new byte[0];
  public int offset;
  public int captured;
  public long timestampNanos;
  /** From a datagram socket: part of one message. */
  public boolean datagram;
  /** The first chunk of a message of {@link #messageSize} bytes. */
  public boolean messageStart;
  public long messageSize;
  /** Whole messages the kernel did not copy (past the messages copied per sendmmsg/recvmmsg). */
  public boolean skippedMessages;
  /** The datagram's peer, when the kernel knew it. */
  public @Nullable InetSocketAddress peer;
  /** Plaintext from a TLS library's calls: the id of that library's probes; 0 for socket bytes. */
  public int tlsLibrary;
}
