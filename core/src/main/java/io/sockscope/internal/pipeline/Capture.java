package io.sockscope.internal.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.sockscope.AttachMode;
import io.sockscope.TlsLibrary;
import io.sockscope.TracerException;
import io.sockscope.internal.bpf.AttachBackend;
import io.sockscope.internal.bpf.BpfObject;
import io.sockscope.internal.bpf.KernelChecks;
import io.sockscope.internal.bpf.LibBpf;
import io.sockscope.internal.bpf.LibBpfLoader;
import io.sockscope.internal.conn.ConnectionTracker;
import io.sockscope.internal.conn.KernelSwitch;
import io.sockscope.internal.conn.StreamLimits;
import io.sockscope.internal.libc.Epoll;
import io.sockscope.internal.libc.LibC;
import io.sockscope.internal.libc.Mmap;
import io.sockscope.internal.record.RecordLayout;
import io.sockscope.internal.ring.RingReader;
import io.sockscope.internal.tls.TlsProbes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A running capture: the loaded eBPF object, its attached programs, the mapped ring buffer,
 * the reader thread and the Disruptor with its handler threads. {@link #start} acquires them in
 * order and, if any step fails, releases what it had acquired before rethrowing; {@link #close}
 * releases them in reverse order. Owned by the tracer's starting thread.
 */
public final class Capture implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.sockscope");
  private static final long SHUTDOWN_SECONDS = 10;
  private static final String IO_URING_TRACEPOINT = "io_uring/io_uring_file_get";

  private final Deque<AutoCloseable> acquired = new ArrayDeque<>();
  private @Nullable BpfObject object;
  private @Nullable KernelLossCounters losses;
  private volatile @Nullable TlsProbes tlsProbes;
  private int programsAttached;
  private AttachMode attachMode = AttachMode.AUTO;

  private Capture() {}

  public static Capture start(CaptureConfig config, StatsCounters stats) {
    Capture capture = new Capture();
    try {
      capture.startAll(config, stats);
      return capture;
    } catch (RuntimeException | Error e) {
      capture.close();
      throw e;
    }
  }

  private void startAll(CaptureConfig config, StatsCounters stats) {
    KernelChecks.checkPrivileges();
    LibBpf lib = LibBpfLoader.load();
    KernelChecks.checkBtf();
    KernelChecks.ensureTracefs();
    AttachMode backend = AttachBackend.choose(config.attachMode());

    BpfObject loaded = openAndLoad(lib, config, backend);
    object = loaded;
    acquired.push(loaded);
    writeFilters(loaded, config);
    int cpus = lib.libbpf_num_possible_cpus();
    KernelLossCounters counters = new KernelLossCounters(loaded, cpus);
    losses = counters;
    // Closed just before the object: after the programs are detached and the reader has drained.
    acquired.push(counters::freeze);

    int ringFd = loaded.mapFd("records");
    int ringSize = loaded.maxEntries("records");
    int page = LibC.INSTANCE.getpagesize();
    Mmap consumerPage = map(ringFd, 0, page, true);
    Mmap producerAndData = map(ringFd, page, page + 2L * ringSize, false);
    ByteBuffer producer = producerAndData.buffer().slice(0, page).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer data = producerAndData.buffer().slice(page, 2 * ringSize).order(ByteOrder.LITTLE_ENDIAN);
    RingReader reader = new RingReader(consumerPage.buffer(), producer, data, ringSize);
    Epoll epoll;
    try {
      epoll = new Epoll(ringFd);
    } catch (IOException e) {
      throw new TracerException("cannot wait on the ring buffer: " + e.getMessage(), e);
    }
    acquired.push(epoll);

    Disruptor<RecordEvent> disruptor = new Disruptor<>(
        RecordEvent::new, config.eventQueueSize(), daemonThreads("sockscope-handler-"),
        ProducerType.SINGLE, new BlockingWaitStrategy());
    StreamLimits limits = new StreamLimits(
        config.maxBufferedBytesPerStream(), config.maxBufferedBytesTotal(), 4096);
    ShardHandler[] handlers = new ShardHandler[config.handlerThreads()];
    KernelSwitch kernelSwitch = new KernelConnectionSwitch(loaded);
    for (int i = 0; i < handlers.length; i++) {
      handlers[i] = new ShardHandler(i, new ConnectionTracker(
          config.parsers(), limits, stats, config.onMessage(), kernelSwitch, this::tlsLibrary), stats);
    }
    disruptor.handleEventsWith(handlers);
    disruptor.setDefaultExceptionHandler(new CountingExceptionHandler(stats));
    RingBuffer<RecordEvent> ring = disruptor.start();
    acquired.push(() -> disruptor.shutdown(SHUTDOWN_SECONDS, TimeUnit.SECONDS));

    RingPoller poller = new RingPoller(
        reader, epoll, new RecordPublisher(ring, handlers.length, config.backpressure(), stats, this::onExec), losses);
    poller.start();
    acquired.push(poller::stop);
    // Attach last: from here on records flow, and everything that reads them is running.
    acquired.push(loaded::detachAll);
    loaded.attachAll();
    if (config.tls()) {
      TlsProbes probes = TlsProbes.start(loaded, config.pids());
      acquired.push(probes);
      tlsProbes = probes;
    }
    programsAttached = loaded.attachedCount();
    attachMode = backend;
  }

  private @Nullable TlsLibrary tlsLibrary(int id) {
    TlsProbes probes = tlsProbes;
    return probes == null ? null : probes.library(id);
  }

  private void onExec(int tgid, long timestampNanos) {
    TlsProbes probes = tlsProbes;
    if (probes != null) {
      probes.onExec(tgid, timestampNanos);
    }
  }

  /** The TLS libraries probed so far; empty without TLS capture. */
  public List<TlsLibrary> tlsLibraries() {
    TlsProbes probes = tlsProbes;
    return probes == null ? List.of() : probes.libraries();
  }

  /** TLS library files that could not be probed, with the reason, by path. */
  public Map<String, String> tlsLibrariesSkipped() {
    TlsProbes probes = tlsProbes;
    return probes == null ? Map.of() : probes.skipped();
  }

  private Mmap map(int fd, long offset, long length, boolean writable) {
    try {
      Mmap mapping = Mmap.map(fd, offset, length, writable);
      acquired.push(mapping);
      return mapping;
    } catch (IOException e) {
      throw new TracerException("cannot map the ring buffer: " + e.getMessage(), e);
    }
  }

  private static BpfObject openAndLoad(LibBpf lib, CaptureConfig config, AttachMode backend) {
    Path file = extractObject(AttachBackend.objectResource(backend));
    try {
      BpfObject object = BpfObject.open(lib, file);
      try {
        object.setReadOnlyData(rodata(config));
        object.setMaxEntries("records", config.ringBufferBytes());
        if (!config.tls()) {
          TlsProbes.PROGRAMS.forEach(object::skipProgram);
        }
        if (!KernelChecks.hasTracepoint(IO_URING_TRACEPOINT)) {
          LOG.log(System.Logger.Level.INFO, "no " + IO_URING_TRACEPOINT + " tracepoint: io_uring use is not detected");
          object.skipProgram("io_uring_file_get");
        }
        object.load();
        return object;
      } catch (RuntimeException e) {
        object.close();
        throw e;
      }
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file left behind is harmless
      }
    }
  }

  private static Path extractObject(String resource) {
    try (InputStream in = Capture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new TracerException("the eBPF object " + resource + " is missing from the classpath:"
            + " add the sockscope-bpf artifact");
      }
      Path file = Files.createTempFile("sockscope", ".bpf.o");
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the eBPF object", e);
    }
  }

  static byte[] rodata(CaptureConfig config) {
    ByteBuffer buffer = ByteBuffer.allocate(RecordLayout.CONFIG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(RecordLayout.CONFIG_MAX_CAPTURE_PER_CALL, config.captureBytesPerCall());
    buffer.putInt(RecordLayout.CONFIG_FILTER_PIDS, config.pids().isEmpty() ? 0 : 1);
    buffer.putInt(RecordLayout.CONFIG_FILTER_PORTS, config.ports().isEmpty() ? 0 : 1);
    buffer.putInt(RecordLayout.CONFIG_SELF_TGID, (int) ProcessHandle.current().pid());
    buffer.putInt(RecordLayout.CONFIG_FILTER_CGROUPS, config.cgroupIds().isEmpty() ? 0 : 1);
    buffer.putInt(RecordLayout.CONFIG_TLS, config.tls() ? 1 : 0);
    buffer.putInt(RecordLayout.CONFIG_WAKEUP_BYTES, RingPoller.wakeupBytes(config.ringBufferBytes()));
    return buffer.array();
  }

  private static void writeFilters(BpfObject object, CaptureConfig config) {
    byte[] present = {1};
    int pidMap = object.mapFd("pid_filter");
    for (int pid : config.pids()) {
      object.update(pidMap, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(pid).array(), present);
    }
    int portMap = object.mapFd("port_filter");
    for (int port : config.ports()) {
      object.update(portMap, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) port).array(), present);
    }
    int cgroupMap = object.mapFd("cgroup_filter");
    for (long id : config.cgroupIds()) {
      object.update(cgroupMap, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(id).array(), present);
    }
  }

  public int programsAttached() {
    return programsAttached;
  }

  /** The backend attached: {@link AttachMode#TRACEPOINTS} or {@link AttachMode#KPROBES}. */
  public AttachMode attachMode() {
    return attachMode;
  }

  public long kernelRecordsLost() {
    return losses == null ? 0 : losses.recordsLost();
  }

  public long kernelBytesLost() {
    return losses == null ? 0 : losses.bytesLost();
  }

  public long tlsCallsUnattributed() {
    return losses == null ? 0 : losses.tlsCallsUnattributed();
  }

  public long tlsBytesUnattributed() {
    return losses == null ? 0 : losses.tlsBytesUnattributed();
  }

  /** Releases everything in reverse order of acquisition. Idempotent. */
  @Override
  public void close() {
    RuntimeException first = null;
    while (!acquired.isEmpty()) {
      try {
        acquired.pop().close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (first == null) {
          first = new TracerException("closing the tracer: " + e.getMessage(), e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Counts and logs an exception a handler let escape; the handler goes on with the next record. */
  private static final class CountingExceptionHandler implements ExceptionHandler<RecordEvent> {
    private final StatsCounters stats;

    CountingExceptionHandler(StatsCounters stats) {
      this.stats = stats;
    }

    @Override
    public void handleEventException(Throwable e, long sequence, RecordEvent event) {
      stats.parserErrors.increment();
      System.getLogger("io.sockscope").log(System.Logger.Level.WARNING, "handler failed on a record", e);
    }

    @Override
    public void handleOnStartException(Throwable e) {
      System.getLogger("io.sockscope").log(System.Logger.Level.ERROR, "handler failed to start", e);
    }

    @Override
    public void handleOnShutdownException(Throwable e) {
      System.getLogger("io.sockscope").log(System.Logger.Level.WARNING, "handler failed to stop", e);
    }
  }
}
