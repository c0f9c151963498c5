package io.sockscope.internal.record;

import static io.sockscope.internal.record.RecordLayout.*;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.Transport;
import io.sockscope.internal.conn.ConnectionKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Reads the fields of a record held in a little-endian buffer. Stateless. */
public final class RecordDecoder {
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
    int family = Short.toUnsignedInt(record.getShort(OPEN_FAMILY));
    Role role = role(record.getInt(OPEN_ROLE));
    Transport transport;
    SocketAddress local;
    SocketAddress remote;
    if (family == AF_UNIX) {
      transport = Transport.UNIX;
      local = unixAddress(record, OPEN_LOCAL_PATH, record.getShort(OPEN_LOCAL_PATH_LEN));
      remote = unixAddress(record, OPEN_REMOTE_PATH, record.getShort(OPEN_REMOTE_PATH_LEN));
      if (role == Role.UNKNOWN) {
        role = RoleInference.fromUnixPaths(record.getShort(OPEN_LOCAL_PATH_LEN) > 0, record.getShort(OPEN_REMOTE_PATH_LEN) > 0);
      }
    } else {
      transport = Short.toUnsignedInt(record.getShort(OPEN_SOCK_TYPE)) == SOCK_DGRAM ? Transport.UDP : Transport.TCP;
      int addressLength = family == AF_INET ? 4 : ADDR_LEN;
      int localPort = port(record, OPEN_LOCAL_PORT);
      int remotePort = port(record, OPEN_REMOTE_PORT);
      local = address(record, OPEN_LOCAL_ADDR, addressLength, localPort);
      remote = address(record, OPEN_REMOTE_ADDR, addressLength, remotePort);
      if (role == Role.UNKNOWN && transport == Transport.TCP) {
        role = RoleInference.fromPorts(localPort, remotePort);
      }
    }
    return new Connection(key.tgid(), key.fd(), key.generation(), command(record), role, transport, local, remote);
  }

  /** The peer of a datagram record, or null when the kernel did not know it. */
  public static @Nullable InetSocketAddress datagramPeer(ByteBuffer record) {
    int family = Short.toUnsignedInt(record.getShort(DATA_PEER_FAMILY));
    if (family != AF_INET && family != AF_INET6) {
      return null;
    }
    return address(record, DATA_PEER_ADDR, family == AF_INET ? 4 : ADDR_LEN, port(record, DATA_PEER_PORT));
  }

  /** A Unix socket's path; {@code @name} for an abstract one (its first byte is NUL). */
  private static UnixDomainSocketAddress unixAddress(ByteBuffer record, int offset, int length) {
    int n = Math.max(0, Math.min(length, UNIX_PATH_LEN));
    byte[] bytes = new byte[n];
    record.get(offset, bytes);
    String path;
    if (n > 0 && bytes[0] == 0) {
      path = "@" + new String(bytes, 1, n - 1, StandardCharsets.UTF_8);
    } else {
      int end = 0;
      while (end < n && bytes[end] != 0) {
        end++;
      }
      path = new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
    return UnixDomainSocketAddress.of(path);
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
