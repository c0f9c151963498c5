package io.sockscope.internal.record;

import static io.sockscope.internal.record.RecordLayout.*;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.internal.conn.ConnectionKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the fields of a record held in a little-endian buffer. Stateless. */
public final class RecordDecoder {
  private static final int AF_INET = 2;

  private RecordDecoder() {}

  public static int kind(ByteBuffer record) {
    return record.getInt(HEADER_KIND);
  }

  public static long timestamp(ByteBuffer record) {
    return record.getLong(HEADER_TIMESTAMP);
  }

  public static ConnectionKey connectionKey(ByteBuffer record) {
    return new ConnectionKey(record.getInt(CONN_TGID), record.getInt(CONN_FD), record.getLong(CONN_GENERATION));
  }

  public static Connection connection(ByteBuffer record) {
    ConnectionKey key = connectionKey(record);
    int addressLength = Short.toUnsignedInt(record.getShort(OPEN_FAMILY)) == AF_INET ? 4 : ADDR_LEN;
    return new Connection(
        key.tgid(),
        key.fd(),
        key.generation(),
        command(record),
        role(record.getInt(OPEN_ROLE)),
        address(record, OPEN_LOCAL_ADDR, addressLength, port(record, OPEN_LOCAL_PORT)),
        address(record, OPEN_REMOTE_ADDR, addressLength, port(record, OPEN_REMOTE_PORT)));
  }

  static Role role(int role) {
    switch (role) {
      case ROLE_CLIENT:
        return Role.CLIENT;
      case ROLE_SERVER:
        return Role.SERVER;
      default:
        return Role.UNKNOWN;
    }
  }

  /** A port stored in network byte order. */
  static int port(ByteBuffer record, int offset) {
    return Short.toUnsignedInt(Short.reverseBytes(record.getShort(offset)));
  }

  private static InetSocketAddress address(ByteBuffer record, int offset, int length, int port) {
    byte[] bytes = new byte[length];
    record.get(offset, bytes);
    try {
      // A v4-mapped IPv6 address (::ffff:a.b.c.d) comes back as the IPv4 address it carries.
      return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  private static String command(ByteBuffer record) {
    int end = 0;
    while (end < COMM_LEN && record.get(OPEN_COMM + end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end];
    record.get(OPEN_COMM, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
