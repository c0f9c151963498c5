package io.sockscope.internal.conn;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.TlsLibrary;
import io.sockscope.Transport;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.internal.stream.MemoryBudget;
import io.sockscope.internal.stream.SharedParseBuffer;
import io.sockscope.spi.ProtocolParser;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The connections of one handler thread (one shard): opened, fed and closed as the kernel's
 * records arrive. Confined to that thread.
 */
public final class ConnectionTracker {
  private static final InetSocketAddress UNKNOWN_ADDRESS = new InetSocketAddress("0.0.0.0", 0);

  private final Map<ConnectionKey, TrackedConnection> connections = new HashMap<>();
  private final ProtocolInference inference;
  private final StreamLimits limits;
  private final MemoryBudget budget;
  private final SharedParseBuffer parseBuffer = new SharedParseBuffer();
  private final StatsCounters stats;
  private final Consumer<Exchange> sink;
  private final KernelSwitch kernelSwitch;
  private final IntFunction<TlsLibrary> tlsLibraries;

  public ConnectionTracker(
      List<ProtocolParser> parsers, StreamLimits limits, StatsCounters stats, Consumer<Exchange> sink, KernelSwitch kernelSwitch) {
    this(parsers, limits, stats, sink, kernelSwitch, id -> null);
  }

  /**
   * @param tlsLibraries the TLS library behind a probe id of data records, or null when unknown
   */
  public ConnectionTracker(
      List<ProtocolParser> parsers,
      StreamLimits limits,
      StatsCounters stats,
      Consumer<Exchange> sink,
      KernelSwitch kernelSwitch,
      IntFunction<TlsLibrary> tlsLibraries) {
    this.tlsLibraries = tlsLibraries;
    this.inference = new ProtocolInference(parsers);
    this.limits = limits;
    this.budget = new MemoryBudget(limits.totalBytes());
    this.stats = stats;
    this.sink = sink;
    this.kernelSwitch = kernelSwitch;
  }

  public void onOpen(ConnectionKey key, Connection connection) {
    TrackedConnection previous = connections.put(key, track(key, connection));
    if (previous != null) {
      previous.release();
    }
  }

  public void onData(ConnectionKey key, DataChunk chunk) {
    TrackedConnection connection = connections.get(key);
    if (connection == null) {
      // The open record was lost on a full ring: trace the bytes all the same.
      Transport transport = chunk.datagram ? Transport.UDP : Transport.TCP;
      connection = track(key, new Connection(
          key.tgid(), key.fd(), key.generation(), "?", Role.UNKNOWN, transport, UNKNOWN_ADDRESS, UNKNOWN_ADDRESS));
      connections.put(key, connection);
    }
    connection.onData(chunk);
  }

  /** The connection's bytes bypass the captured calls from now on (splice, io_uring). */
  public void onBypass(ConnectionKey key, String reason) {
    TrackedConnection connection = connections.get(key);
    if (connection != null) {
      connection.onBypass(reason);
    } else {
      stats.connectionsBypassed.increment();
      stats.countReason("capture", reason);
    }
  }

  /**
   * The kernel saw the connection close, after {@code bytesSent} and {@code bytesReceived} at
   * the socket and {@code tlsBytesSent} and {@code tlsBytesReceived} through TLS calls.
   */
  public void onClose(
      ConnectionKey key, long bytesSent, long bytesReceived, long tlsBytesSent, long tlsBytesReceived, long timestampNanos) {
    TrackedConnection connection = connections.remove(key);
    if (connection != null) {
      connection.onClose(bytesSent, bytesReceived, tlsBytesSent, tlsBytesReceived, timestampNanos);
      stats.connectionsClosed.increment();
    }
  }

  /** The process is gone: so are its connections. */
  public void onProcessExit(int tgid, long timestampNanos) {
    for (Iterator<Map.Entry<ConnectionKey, TrackedConnection>> it = connections.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ConnectionKey, TrackedConnection> entry = it.next();
      if (entry.getKey().tgid() == tgid) {
        it.remove();
        entry.getValue().onClose(-1, -1, -1, -1, timestampNanos);
        stats.connectionsClosed.increment();
      }
    }
  }

  /** The kernel lost records: every hole still open is a gap now. */
  public void onKernelLoss(long timestampNanos) {
    for (TrackedConnection connection : connections.values()) {
      connection.declareGaps(timestampNanos);
    }
  }

  public int size() {
    return connections.size();
  }

  /** Releases every connection's buffers, when the tracer closes. */
  public void clear() {
    connections.values().forEach(TrackedConnection::release);
    connections.clear();
  }

  private TrackedConnection track(ConnectionKey key, Connection connection) {
    stats.connectionsOpened.increment();
    return new TrackedConnection(
        key, connection, inference, limits, budget, parseBuffer, stats, sink, kernelSwitch, tlsLibraries);
  }
}
