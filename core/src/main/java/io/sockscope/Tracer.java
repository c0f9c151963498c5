package io.sockscope;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.sockscope.internal.pipeline.Capture;
import io.sockscope.internal.pipeline.CaptureConfig;
import io.sockscope.internal.pipeline.StatsCounters;
import io.sockscope.spi.ProtocolParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Traces the application messages that processes on this host exchange over sockets, and hands
 * each request/response exchange to a callback.
 *
 * <pre>{@code
 * try (Tracer tracer = Tracer.builder().kprobes().ports(8080)
 *     .onMessage(exchange -> System.out.println(exchange)).build()) {
 *   tracer.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Threads: {@link #start()} and {@link #close()} may be called from any thread but not
 * concurrently with each other; {@link #stats()} and {@link #attachMode()} may be called from
 * any thread at any time. The callback runs on the tracer's handler threads: one connection's
 * exchanges always on the same thread, in order; a slow callback slows capture.
 */
public final class Tracer implements AutoCloseable {
  private final CaptureConfig config;
  private final StatsCounters counters = new StatsCounters();
  private volatile @Nullable Capture capture;
  private volatile AttachMode attachMode = AttachMode.AUTO;
  private volatile boolean closed;

  private Tracer(CaptureConfig config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads and attaches the eBPF programs and starts the reader and handler threads. On failure
   * nothing stays loaded.
   *
   * @throws InsufficientPrivilegesException not root and without CAP_BPF and CAP_PERFMON
   * @throws MissingDependencyException libbpf is missing or too old
   * @throws KernelFeatureException no BTF, no tracefs, or a program could not be attached
   * @throws ProgramLoadException the verifier refused a program; the message holds its log
   * @throws IllegalStateException already started, or closed
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("tracer is closed");
    }
    if (capture != null) {
      throw new IllegalStateException("tracer is already started");
    }
    Capture started = Capture.start(config, counters);
    capture = started;
    attachMode = started.attachMode();
  }

  /** The syscall backend in use: {@link AttachMode#AUTO} until {@link #start()} succeeds. */
  public AttachMode attachMode() {
    return attachMode;
  }

  /** The parsers this tracer uses, in the order inference asks them. */
  public List<ProtocolParser> parsers() {
    return config.parsers();
  }

  /**
   * The TLS library files the tracer probes so far, in the order found: empty unless the
   * builder asked for {@link Builder#tlsUprobes()}.
   */
  public List<TlsLibrary> tlsLibraries() {
    Capture running = capture;
    return running == null ? List.of() : running.tlsLibraries();
  }

  public TracerStats stats() {
    Capture running = capture;
    Map<String, String> skipped = running == null ? Map.of() : running.tlsLibrariesSkipped();
    Map<String, Long> reasons = counters.reasons();
    if (!skipped.isEmpty()) {
      ImmutableSortedMap.Builder<String, Long> all = ImmutableSortedMap.<String, Long>naturalOrder().putAll(reasons);
      skipped.forEach((path, reason) -> all.put("tls: " + path + " not probed: " + reason, 1L));
      reasons = all.build();
    }
    return new TracerStats(
        attachMode,
        running == null ? 0 : running.programsAttached(),
        counters.records.sum(),
        counters.bytesCaptured.sum(),
        running == null ? 0 : running.kernelRecordsLost(),
        running == null ? 0 : running.kernelBytesLost(),
        counters.bytesLostInGaps.sum(),
        counters.bytesNotCaptured.sum(),
        counters.connectionsOpened.sum(),
        counters.connectionsClosed.sum(),
        counters.connectionsWithoutProtocol.sum(),
        counters.exchanges.sum(),
        counters.parseFailures.sum(),
        counters.parserErrors.sum(),
        counters.messagesDropped.sum(),
        counters.bufferOverflows.sum(),
        counters.callbackErrors.sum(),
        counters.corruptRecords.sum(),
        counters.recordsDroppedBehind.sum(),
        counters.connectionsBypassed.sum(),
        counters.connectionsDisabledInKernel.sum(),
        running == null ? 0 : running.tlsLibraries().size(),
        skipped.size(),
        counters.connectionsTls.sum(),
        running == null ? 0 : running.tlsCallsUnattributed(),
        running == null ? 0 : running.tlsBytesUnattributed(),
        counters.ciphertextBytesNotParsed.sum(),
        counters.connectionsEncryptedWithoutPlaintext.sum(),
        reasons);
  }

  /**
   * Detaches every program, delivers what was already captured, stops the threads and frees
   * every map and mapping. Idempotent; also safe after a failed start.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Capture running = capture;
    if (running != null) {
      running.close();
    }
  }

  /**
   * Configures a {@link Tracer}. Each setter rejects a bad value at once with an
   * {@link IllegalArgumentException}. Not thread-safe.
   *
   * <table>
   *   <caption>Limits and defaults</caption>
   *   <tr><th>setting</th><th>default</th><th>range</th></tr>
   *   <tr><td>{@link #captureBytesPerCall}</td><td>65536</td><td>0 to 983040</td></tr>
   *   <tr><td>{@link #ringBufferBytes}</td><td>8 MiB</td><td>power of two, 4 KiB to 1 GiB</td></tr>
   *   <tr><td>{@link #eventQueueSize}</td><td>4096</td><td>power of two, 64 to 1048576</td></tr>
   *   <tr><td>{@link #handlerThreads}</td><td>1</td><td>1 to 64</td></tr>
   *   <tr><td>{@link #maxBufferedBytesPerStream}</td><td>1 MiB</td><td>4 KiB to 1 GiB</td></tr>
   *   <tr><td>{@link #maxBufferedBytesTotal}</td><td>64 MiB</td><td>at least the per-stream limit</td></tr>
   *   <tr><td>{@link #pids}, {@link #ports}, {@link #cgroups}</td><td>all</td><td>at most 1024 of each</td></tr>
   *   <tr><td>{@link #backpressure}</td><td>BLOCK</td><td>BLOCK or DROP</td></tr>
   *   <tr><td>{@link #tlsUprobes}</td><td>off</td><td>on: OpenSSL and GnuTLS plaintext</td></tr>
   * </table>
   */
  public static final class Builder {
    /** The kernel copies a call in records of at most 30720 bytes, at most 32 per buffer. */
    public static final int MAX_CAPTURE_BYTES_PER_CALL = 32 * 30720;
    public static final int MAX_FILTER_ENTRIES = 1024;

    private AttachMode attachMode = AttachMode.AUTO;
    private final Set<Integer> pids = new LinkedHashSet<>();
    private final Set<Integer> ports = new LinkedHashSet<>();
    private final Set<Long> cgroupIds = new LinkedHashSet<>();
    private int captureBytesPerCall = 65536;
    private BackpressurePolicy backpressure = BackpressurePolicy.BLOCK;
    private int ringBufferBytes = 8 << 20;
    private int eventQueueSize = 4096;
    private int handlerThreads = 1;
    private int maxBufferedBytesPerStream = 1 << 20;
    private long maxBufferedBytesTotal = 64L << 20;
    private @Nullable List<ProtocolParser> parsers;
    private Consumer<Exchange> onMessage = exchange -> {};
    private boolean tls;

    private Builder() {}

    /**
     * Captures socket system calls, with a backend the running kernel has: syscall tracepoints
     * where there are, else kprobes on the syscall functions. Same as
     * {@code attachMode(AttachMode.AUTO)}.
     */
    public Builder kprobes() {
      return attachMode(AttachMode.AUTO);
    }

    /**
     * Also captures the plaintext of TLS connections, with uprobes on the TLS libraries'
     * functions: OpenSSL 1.1 and 3 ({@code SSL_write}, {@code SSL_read}, their {@code _ex} forms)
     * and GnuTLS ({@code gnutls_record_send}, {@code gnutls_record_recv}), in shared libraries and
     * in executables that link them in. The library files are found in the system's library
     * directories and in every process's mappings, including processes started later. A
     * connection's exchanges then say which library carried them ({@link Connection#tls()}).
     */
    public Builder tlsUprobes() {
      this.tls = true;
      return this;
    }

    /**
     * Chooses the syscall backend. Asking for one the kernel lacks makes {@link Tracer#start()}
     * fail with a {@link KernelFeatureException} that says so.
     */
    public Builder attachMode(AttachMode mode) {
      this.attachMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Traces only processes in these cgroups (v2; for example a container's
     * {@code /sys/fs/cgroup/system.slice/docker-<id>.scope}). Adds to earlier calls. A process's
     * own cgroup counts, not its ancestors'.
     */
    public Builder cgroups(java.nio.file.Path... directories) {
      for (java.nio.file.Path directory : directories) {
        try {
          cgroupIds.add((Long) java.nio.file.Files.getAttribute(directory, "unix:ino"));
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
          throw new IllegalArgumentException("not a cgroup directory: " + directory + " (" + e.getMessage() + ")", e);
        }
        if (!java.nio.file.Files.isRegularFile(directory.resolve("cgroup.procs"))) {
          throw new IllegalArgumentException("not a cgroup v2 directory (no cgroup.procs): " + directory);
        }
      }
      if (cgroupIds.size() > MAX_FILTER_ENTRIES) {
        throw new IllegalArgumentException("at most " + MAX_FILTER_ENTRIES + " cgroups, got " + cgroupIds.size());
      }
      return this;
    }

    /** What to do when the handler threads fall behind; {@link BackpressurePolicy#BLOCK} by default. */
    public Builder backpressure(BackpressurePolicy policy) {
      this.backpressure = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Traces only these processes (and the connections they own). Adds to earlier calls. */
    public Builder pids(int... pids) {
      for (int pid : pids) {
        if (pid <= 0) {
          throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
        this.pids.add(pid);
      }
      checkFilterSize("pids", this.pids);
      return this;
    }

    /** Traces only connections with one of these ports at either end. Adds to earlier calls. */
    public Builder ports(int... ports) {
      for (int port : ports) {
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        this.ports.add(port);
      }
      checkFilterSize("ports", this.ports);
      return this;
    }

    private static void checkFilterSize(String what, Set<Integer> values) {
      if (values.size() > MAX_FILTER_ENTRIES) {
        throw new IllegalArgumentException("at most " + MAX_FILTER_ENTRIES + " " + what + ", got " + values.size());
      }
    }

    /**
     * Payload bytes copied per system call, over all its buffers; the kernel cuts them into
     * records of at most 30720 bytes. Bytes beyond it are not copied: the stream marks them as
     * not captured (counted in {@link TracerStats#bytesNotCaptured()}), and length-delimited
     * parsers skip them.
     */
    public Builder captureBytesPerCall(int bytes) {
      if (bytes < 0 || bytes > MAX_CAPTURE_BYTES_PER_CALL) {
        throw new IllegalArgumentException(
            "captureBytesPerCall must be 0 to " + MAX_CAPTURE_BYTES_PER_CALL + ", got " + bytes);
      }
      this.captureBytesPerCall = bytes;
      return this;
    }

    /** The kernel's ring buffer, shared by all CPUs. When it is full, the kernel counts losses. */
    public Builder ringBufferBytes(int bytes) {
      if (bytes < 4096 || bytes > (1 << 30) || Integer.bitCount(bytes) != 1) {
        throw new IllegalArgumentException("ringBufferBytes must be a power of two from 4096 to 2^30, got " + bytes);
      }
      this.ringBufferBytes = bytes;
      return this;
    }

    /** Slots between the ring reader thread and the handler threads. */
    public Builder eventQueueSize(int slots) {
      if (slots < 64 || slots > (1 << 20) || Integer.bitCount(slots) != 1) {
        throw new IllegalArgumentException("eventQueueSize must be a power of two from 64 to 2^20, got " + slots);
      }
      this.eventQueueSize = slots;
      return this;
    }

    /** Threads that reassemble and parse; connections are spread over them. */
    public Builder handlerThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("handlerThreads must be 1 to 64, got " + threads);
      }
      this.handlerThreads = threads;
      return this;
    }

    /** Unconsumed bytes one direction of one connection may hold before it stops being parsed. */
    public Builder maxBufferedBytesPerStream(int bytes) {
      if (bytes < 4096 || bytes > (1 << 30)) {
        throw new IllegalArgumentException("maxBufferedBytesPerStream must be 4096 to 2^30, got " + bytes);
      }
      this.maxBufferedBytesPerStream = bytes;
      return this;
    }

    /** Bytes all connections of one handler thread may hold together. */
    public Builder maxBufferedBytesTotal(long bytes) {
      if (bytes < 4096) {
        throw new IllegalArgumentException("maxBufferedBytesTotal must be at least 4096, got " + bytes);
      }
      this.maxBufferedBytesTotal = bytes;
      return this;
    }

    /**
     * The parsers to use, in the order inference asks them, instead of those ServiceLoader
     * finds on the classpath.
     */
    public Builder parsers(ProtocolParser... parsers) {
      if (parsers.length == 0) {
        throw new IllegalArgumentException("at least one parser");
      }
      this.parsers = ImmutableList.copyOf(parsers);
      return this;
    }

    /** Called with every exchange, on a handler thread. Exceptions it throws are counted. */
    public Builder onMessage(Consumer<Exchange> callback) {
      this.onMessage = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /** Builds the tracer; nothing touches the kernel until {@link Tracer#start()}. */
    public Tracer build() {
      if (maxBufferedBytesTotal < maxBufferedBytesPerStream) {
        throw new IllegalArgumentException("maxBufferedBytesTotal (" + maxBufferedBytesTotal
            + ") is below maxBufferedBytesPerStream (" + maxBufferedBytesPerStream + ")");
      }
      List<ProtocolParser> chosen = parsers != null ? parsers : discoverParsers();
      return new Tracer(new CaptureConfig(
          attachMode, ImmutableSet.copyOf(pids), ImmutableSet.copyOf(ports), ImmutableSet.copyOf(cgroupIds),
          captureBytesPerCall, backpressure, ringBufferBytes,
          eventQueueSize, handlerThreads, maxBufferedBytesPerStream, maxBufferedBytesTotal, chosen, onMessage, tls));
    }

    private static List<ProtocolParser> discoverParsers() {
      List<ProtocolParser> found = new ArrayList<>();
      ServiceLoader.load(ProtocolParser.class, Tracer.class.getClassLoader()).forEach(found::add);
      if (found.isEmpty()) {
        ServiceLoader.load(ProtocolParser.class).forEach(found::add);
      }
      return ImmutableList.copyOf(found);
    }
  }
}
