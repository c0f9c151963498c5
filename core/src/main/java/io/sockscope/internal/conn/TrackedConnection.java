package io.sockscope.internal.conn;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.TlsLibrary;
import io.sockscope.Transport;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.internal.stream.DataStream;
import io.sockscope.internal.stream.GapCause;
import io.sockscope.internal.stream.MemoryBudget;
import io.sockscope.internal.stream.SharedParseBuffer;
import io.sockscope.internal.stream.StreamConsumer;
import io.sockscope.internal.stream.StreamStatus;
import io.sockscope.spi.Direction;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.SessionContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * One connection being traced: its two streams, the protocol inference and then the parser
 * session that reads them. Confined to the handler thread that owns the connection.
 *
 * <p>The streams start as the socket's bytes. When the first plaintext from a TLS library's
 * calls arrives, the connection moves to that layer for good: new streams from position 0, a
 * new inference, and the socket's bytes (ciphertext) are no longer parsed.
 */
final class TrackedConnection implements SessionContext {
  private enum State {
    /** No parser chosen yet: bytes are kept until one recognises them. */
    INFERRING,
    PARSING,
    /** The socket's bytes are TLS records: nothing to parse until plaintext comes from TLS probes. */
    ENCRYPTED,
    /** Nothing more is parsed: no parser wanted it, or its parser gave up. */
    IGNORED
  }

  private final ConnectionKey key;
  private Connection connection;
  private final ProtocolInference inference;
  private final StreamLimits limits;
  private final MemoryBudget budget;
  private final SharedParseBuffer parseBuffer;
  private final StatsCounters stats;
  private final Consumer<Exchange> sink;
  private final IntFunction<TlsLibrary> tlsLibraries;
  private DataStream sent;
  private DataStream received;
  private KernelSwitch.Layer layer = KernelSwitch.Layer.SOCKET;
  private final StreamConsumer sentConsumer = new DirectionConsumer(Direction.SENT);
  private final StreamConsumer receivedConsumer = new DirectionConsumer(Direction.RECEIVED);
  private final KernelSwitch kernelSwitch;
  /** Made with the first datagram of their direction: a stream socket never needs them. */
  private @Nullable DatagramSink sentDatagrams;
  private @Nullable DatagramSink receivedDatagrams;
  private State state = State.INFERRING;
  private @Nullable ParserSession session;
  private @Nullable String protocol;

  TrackedConnection(
      ConnectionKey key,
      Connection connection,
      ProtocolInference inference,
      StreamLimits limits,
      MemoryBudget budget,
      SharedParseBuffer parseBuffer,
      StatsCounters stats,
      Consumer<Exchange> sink,
      KernelSwitch kernelSwitch,
      IntFunction<TlsLibrary> tlsLibraries) {
    this.key = key;
    this.budget = budget;
    this.parseBuffer = parseBuffer;
    this.tlsLibraries = tlsLibraries;
    this.kernelSwitch = kernelSwitch;
    this.connection = connection;
    this.inference = inference;
    this.limits = limits;
    this.stats = stats;
    this.sink = sink;
    this.sent = new DataStream(limits.perStreamBytes(), budget, parseBuffer);
    this.received = new DataStream(limits.perStreamBytes(), budget, parseBuffer);
  }

  @Override
  public Connection connection() {
    return connection;
  }

  void onData(DataChunk chunk) {
    if (chunk.tlsLibrary != 0) {
      if (layer == KernelSwitch.Layer.SOCKET) {
        switchToTls(chunk.tlsLibrary, chunk.timestampNanos);
      }
    } else if (layer == KernelSwitch.Layer.TLS || state == State.ENCRYPTED) {
      // Ciphertext copied before the kernel knew the socket carries a TLS session.
      stats.ciphertextBytesNotParsed.add(chunk.size);
      return;
    }
    if (state == State.IGNORED) {
      return;
    }
    if (connection.transport() == Transport.UDP || chunk.datagram) {
      datagrams(chunk.direction).add(chunk);
      releaseIfDone();
      return;
    }
    DataStream stream = chunk.direction == Direction.SENT ? sent : received;
    StreamStatus status = stream.add(chunk.position, chunk.bytes, chunk.offset, chunk.captured, chunk.size,
        chunk.timestampNanos, consumer(chunk.direction));
    if (status == StreamStatus.OVERFLOW && state != State.IGNORED) {
      stats.bufferOverflows.increment();
      stats.countReason(String.valueOf(protocol), "buffer limit exceeded");
      ignore();
    }
    releaseIfDone();
  }

  /** The kernel lost records somewhere: holes still open in this connection are gaps now. */
  void declareGaps(long timestampNanos) {
    if (reading()) {
      sent.flushGaps(timestampNanos, sentConsumer);
    }
    if (reading()) {
      received.flushGaps(timestampNanos, receivedConsumer);
    }
    releaseIfDone();
  }

  /**
   * The connection closed, having moved {@code bytesSent} and {@code bytesReceived} in all at
   * the socket, and {@code tlsBytesSent} and {@code tlsBytesReceived} through a TLS library's
   * calls (-1 when not known, as at process exit): bytes that never arrived are gaps first.
   */
  void onClose(long bytesSent, long bytesReceived, long tlsBytesSent, long tlsBytesReceived, long timestampNanos) {
    if (state == State.ENCRYPTED) {
      stats.connectionsEncryptedWithoutPlaintext.increment();
    }
    if (layer == KernelSwitch.Layer.TLS) {
      bytesSent = tlsBytesSent;
      bytesReceived = tlsBytesReceived;
    }
    if (reading() && bytesSent >= 0) {
      sent.finish(bytesSent, timestampNanos, sentConsumer);
    }
    if (reading() && bytesReceived >= 0) {
      received.finish(bytesReceived, timestampNanos, receivedConsumer);
    }
    declareGaps(timestampNanos);
    if (state == State.PARSING && session != null) {
      try {
        session.onClose(timestampNanos);
      } catch (RuntimeException e) {
        parserError(e);
      }
    }
    release();
  }

  void release() {
    sent.close();
    received.close();
  }

  private DatagramSink datagrams(Direction direction) {
    if (direction == Direction.SENT) {
      if (sentDatagrams == null) {
        sentDatagrams = new DatagramSink(Direction.SENT);
      }
      return sentDatagrams;
    }
    if (receivedDatagrams == null) {
      receivedDatagrams = new DatagramSink(Direction.RECEIVED);
    }
    return receivedDatagrams;
  }

  private StreamConsumer consumer(Direction direction) {
    return direction == Direction.SENT ? sentConsumer : receivedConsumer;
  }

  /** The kernel reported that this connection's bytes now bypass the captured calls. */
  void onBypass(String reason) {
    if (state != State.IGNORED) {
      stats.connectionsBypassed.increment();
      stats.countReason(protocol == null ? "capture" : protocol, reason);
      ignore();
      releaseIfDone();
    }
  }

  /**
   * Stops parsing, and tells the kernel to stop copying. The streams are released by the
   * caller once their own call returns.
   */
  private void ignore() {
    state = State.IGNORED;
    session = null;
    if (kernelSwitch.disable(key, layer)) {
      stats.connectionsDisabledInKernel.increment();
    }
  }

  /**
   * The socket's bytes are TLS records. The kernel stops copying them; the plaintext, if a probed
   * library carries it, arrives as TLS records of its own.
   */
  private void encrypted() {
    state = State.ENCRYPTED;
    session = null;
    kernelSwitch.disable(key, KernelSwitch.Layer.SOCKET);
  }

  /** From now on the streams are the plaintext of the TLS library's calls. */
  private void switchToTls(int libraryId, long timestampNanos) {
    if (state == State.PARSING && session != null) {
      try {
        session.onClose(timestampNanos); // the plaintext before the TLS handshake (STARTTLS)
      } catch (RuntimeException e) {
        parserError(e);
      }
    }
    release();
    sent = new DataStream(limits.perStreamBytes(), budget, parseBuffer);
    received = new DataStream(limits.perStreamBytes(), budget, parseBuffer);
    TlsLibrary library = tlsLibraries.apply(libraryId);
    connection = connection.withTls(library != null ? library : new TlsLibrary(TlsLibrary.Kind.OPENSSL, "?", null));
    layer = KernelSwitch.Layer.TLS;
    state = State.INFERRING;
    session = null;
    protocol = null;
    stats.connectionsTls.increment();
  }

  /** Whether the streams are still read: not encrypted, not ignored. */
  private boolean reading() {
    return state == State.INFERRING || state == State.PARSING;
  }

  /** Releases the streams once nothing reads them. */
  private void releaseIfDone() {
    if (!reading()) {
      release();
    }
  }

  private void parserError(RuntimeException e) {
    stats.parserErrors.increment();
    stats.countReason(String.valueOf(protocol), "parser threw " + e.getClass().getSimpleName());
    System.getLogger("io.sockscope").log(
        System.Logger.Level.WARNING, "parser " + protocol + " threw on " + connection + "; connection no longer parsed", e);
    ignore();
  }

  @Override
  public void emit(Exchange exchange) {
    stats.exchanges.increment();
    try {
      sink.accept(exchange);
    } catch (RuntimeException e) {
      stats.callbackErrors.increment();
    }
  }

  @Override
  public void establishRole(Role role) {
    if (connection.role() == Role.UNKNOWN && role != Role.UNKNOWN) {
      connection = connection.withRole(role);
    }
  }

  @Override
  public void startsTls() {
    if (layer == KernelSwitch.Layer.SOCKET && reading()) {
      encrypted();
    }
  }

  @Override
  public void unparseable(String reason) {
    if (state != State.IGNORED) {
      stats.parseFailures.increment();
      stats.countReason(String.valueOf(protocol), reason);
      ignore();
    }
  }

  @Override
  public void dropped(String reason) {
    stats.messagesDropped.increment();
    stats.countReason(String.valueOf(protocol), reason);
  }

  /**
   * Puts one direction's datagrams together and feeds each whole one to inference, then to the
   * chosen parser's session.
   */
  private final class DatagramSink implements DatagramAssembler.Sink {
    private final Direction direction;
    private final DatagramAssembler assembler = new DatagramAssembler();

    DatagramSink(Direction direction) {
      this.direction = direction;
    }

    void add(DataChunk chunk) {
      assembler.add(chunk, this);
    }

    @Override
    public void onDatagram(InetSocketAddress peer, ByteBuffer payload, long notCapturedBytes, long timestampNanos) {
      if (notCapturedBytes > 0) {
        stats.bytesNotCaptured.add(notCapturedBytes);
      }
      if (state == State.INFERRING) {
        ProtocolInference.Verdict verdict = inference.infer(direction, payload, connection);
        if (verdict.parser() == null || !open(verdict.parser())) {
          if (state != State.IGNORED) {
            stats.connectionsWithoutProtocol.increment();
            ignore();
          }
          return;
        }
      }
      if (state != State.PARSING || session == null) {
        return;
      }
      try {
        session.onDatagram(direction, peer, payload, notCapturedBytes, timestampNanos);
      } catch (RuntimeException e) {
        parserError(e);
      }
    }

    @Override
    public void onLost(long bytes) {
      stats.bytesLostInGaps.add(bytes);
    }

    @Override
    public void onSkipped(long bytes) {
      stats.bytesNotCaptured.add(bytes);
    }
  }

  /** Opens the chosen parser's session; false if the parser failed to. */
  private boolean open(io.sockscope.spi.ProtocolParser parser) {
    protocol = parser.protocol();
    try {
      session = parser.newSession(this);
    } catch (RuntimeException e) {
      parserError(e);
      return false;
    }
    state = State.PARSING;
    return true;
  }

  /** Feeds one direction's stream to inference, then to the chosen parser's session. */
  private final class DirectionConsumer implements StreamConsumer {
    private final Direction direction;

    DirectionConsumer(Direction direction) {
      this.direction = direction;
    }

    @Override
    public int onData(ByteBuffer data, long timestampNanos) {
      if (state == State.INFERRING && !chooseParser(data)) {
        if (state == State.ENCRYPTED) {
          stats.ciphertextBytesNotParsed.add(data.remaining());
        }
        return state == State.INFERRING ? 0 : data.remaining();
      }
      if (state != State.PARSING || session == null) {
        return data.remaining();
      }
      try {
        int consumed = session.onData(direction, data, timestampNanos);
        if (consumed < 0 || consumed > data.remaining()) {
          throw new IllegalStateException("parser consumed " + consumed + " of " + data.remaining() + " bytes");
        }
        return state == State.PARSING ? consumed : data.remaining();
      } catch (RuntimeException e) {
        parserError(e);
        return data.remaining();
      }
    }

    /** True once a parser is chosen; false while bytes are kept or after giving up. */
    private boolean chooseParser(ByteBuffer data) {
      if (layer == KernelSwitch.Layer.SOCKET) {
        TlsRecords.Verdict tls = TlsRecords.recognise(data);
        if (tls == TlsRecords.Verdict.NEED_MORE_BYTES) {
          return false;
        }
        if (tls == TlsRecords.Verdict.YES) {
          encrypted();
          return false;
        }
      }
      ProtocolInference.Verdict verdict = inference.infer(direction, data, connection);
      if (verdict.parser() != null) {
        return open(verdict.parser());
      }
      if (!verdict.needMoreBytes() || data.remaining() >= limits.inferenceBytes()) {
        stats.connectionsWithoutProtocol.increment();
        ignore();
      }
      return false;
    }

    @Override
    public void onGap(long length, GapCause cause, long timestampNanos) {
      if (cause == GapCause.LOST) {
        stats.bytesLostInGaps.add(length);
      } else {
        stats.bytesNotCaptured.add(length);
      }
      if (state != State.PARSING || session == null) {
        return;
      }
      try {
        session.onGap(direction, length, timestampNanos);
      } catch (RuntimeException e) {
        parserError(e);
      }
    }
  }
}
