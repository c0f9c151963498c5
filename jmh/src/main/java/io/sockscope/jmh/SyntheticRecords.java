package io.sockscope.jmh;

import static io.sockscope.internal.record.RecordLayout.*;

import io.sockscope.internal.conn.ConnectionKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Records as the kernel programs write them ({@link io.sockscope.internal.record.RecordLayout}),
 * for TCP connections on 127.0.0.1: little-endian fields, ports in network order.
 */
final class SyntheticRecords {
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  private SyntheticRecords() {}

  /** A server's accepted connection on {@code serverPort}, from {@code clientPort}. */
  static byte[] open(ConnectionKey key, String command, int serverPort, int clientPort, long timestampNanos) {
    ByteBuffer record = record(KIND_CONN_OPEN, OPEN_SIZE, key, timestampNanos);
    record.putInt(OPEN_ROLE, ROLE_SERVER);
    record.putInt(OPEN_TID, key.tgid());
    record.putShort(OPEN_FAMILY, (short) AF_INET);
    record.putShort(OPEN_LOCAL_PORT, Short.reverseBytes((short) serverPort));
    record.putShort(OPEN_REMOTE_PORT, Short.reverseBytes((short) clientPort));
    record.putShort(OPEN_SOCK_TYPE, (short) SOCK_STREAM);
    record.put(OPEN_LOCAL_ADDR, LOOPBACK);
    record.put(OPEN_REMOTE_ADDR, LOOPBACK);
    byte[] comm = command.getBytes(StandardCharsets.US_ASCII);
    record.put(OPEN_COMM, comm, 0, Math.min(comm.length, COMM_LEN - 1));
    return record.array();
  }

  /** All of one read or write: {@code payload}, at {@code position} of its direction's stream. */
  static byte[] data(ConnectionKey key, boolean sent, long position, byte[] payload, long timestampNanos) {
    ByteBuffer record = record(KIND_DATA, DATA_PAYLOAD + payload.length, key, timestampNanos);
    record.putInt(DATA_DIRECTION, sent ? DIRECTION_SENT : DIRECTION_RECEIVED);
    record.putInt(DATA_SOURCE, sent ? 1 : 2); // SOCKSCOPE_SRC_WRITE, SOCKSCOPE_SRC_READ
    record.putLong(DATA_POSITION, position);
    record.putInt(DATA_SIZE, payload.length);
    record.putInt(DATA_CAPTURED, payload.length);
    record.put(DATA_PAYLOAD, payload);
    return record.array();
  }

  static byte[] close(ConnectionKey key, long bytesSent, long bytesReceived, long timestampNanos) {
    ByteBuffer record = record(KIND_CONN_CLOSE, CLOSE_SIZE, key, timestampNanos);
    record.putLong(CLOSE_BYTES_SENT, bytesSent);
    record.putLong(CLOSE_BYTES_RECEIVED, bytesReceived);
    return record.array();
  }

  private static ByteBuffer record(int kind, int size, ConnectionKey key, long timestampNanos) {
    ByteBuffer record = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt(HEADER_KIND, kind);
    record.putLong(HEADER_TIMESTAMP, timestampNanos);
    record.putInt(CONN_TGID, key.tgid());
    record.putInt(CONN_FD, key.fd());
    record.putLong(CONN_GENERATION, key.generation());
    return record;
  }
}
