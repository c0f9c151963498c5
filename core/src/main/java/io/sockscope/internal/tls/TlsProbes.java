package io.sockscope.internal.tls;

import io.sockscope.TlsLibrary;
import io.sockscope.internal.bpf.BpfObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * Finds the TLS libraries processes use and attaches the TLS probes to each file once: a
 * uprobe lives on the file, so it covers every process that maps it, now or later.
 *
 * <p>Where files come from: the shared TLS libraries in the system's library directories, so
 * that programs started later that use them are covered from their first call; and every
 * executable file mapped by any process ({@code /proc/<pid>/maps}), which finds libraries in
 * other places or mount namespaces and executables with a TLS library linked in (node), by
 * their symbols. A file is known by its device and inode and examined once.
 *
 * <p>When the tracer traces only some processes, the probes are attached in those processes
 * only, and only they are scanned: a probe that fires costs the calling thread a trap into the
 * kernel, and the kernel steps over the displaced instruction with a second one (16 µs a call
 * measured on a virtual machine), even when the program it runs then ignores the call.
 *
 * <p>Threads: {@link #start} scans on the calling thread, so that what runs when the tracer
 * starts is covered when it returns. Then a daemon thread scans each process that execs (told
 * by {@link #onExec}, from the ring reader thread) a few times over its first second, and all
 * processes every {@link #FULL_SCAN_PERIOD}. {@link #library} and the accessors are safe from
 * any thread.
 */
public final class TlsProbes implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.sockscope");
  static final Duration FULL_SCAN_PERIOD = Duration.ofSeconds(10);
  /** When a process that exec'd is scanned: at once (its executable), then as ld.so and dlopen map libraries. */
  private static final long[] EXEC_SCAN_DELAYS_MILLIS = {0, 25, 100, 300, 1000};

  /** Every program of the TLS probes, for loading them or leaving them out. */
  public static final List<String> PROGRAMS = List.of(
      "tls_write_enter", "tls_read_enter", "tls_write_ex_enter", "tls_read_ex_enter",
      "tls_handshake_enter", "tls_exit", "tls_ex_exit", "tls_free");

  /** One function probed: its entry program, and the program for its return if any. */
  private record Probe(String function, String entry, @Nullable String onReturn) {}

  /** How to probe one library's API; a file that lacks a required function is not probed. */
  private record Api(TlsLibrary.Kind kind, Set<String> required, List<Probe> probes) {
    Set<String> functions() {
      Set<String> all = new LinkedHashSet<>();
      probes.forEach(p -> all.add(p.function()));
      return all;
    }
  }

  private static final List<Api> APIS = List.of(
      new Api(TlsLibrary.Kind.OPENSSL, Set.of("SSL_write", "SSL_read"), List.of(
          new Probe("SSL_write", "tls_write_enter", "tls_exit"),
          new Probe("SSL_read", "tls_read_enter", "tls_exit"),
          new Probe("SSL_write_ex", "tls_write_ex_enter", "tls_ex_exit"),
          new Probe("SSL_read_ex", "tls_read_ex_enter", "tls_ex_exit"),
          new Probe("SSL_do_handshake", "tls_handshake_enter", "tls_exit"),
          new Probe("SSL_free", "tls_free", null))),
      new Api(TlsLibrary.Kind.GNUTLS, Set.of("gnutls_record_send", "gnutls_record_recv"), List.of(
          new Probe("gnutls_record_send", "tls_write_enter", "tls_exit"),
          new Probe("gnutls_record_recv", "tls_read_enter", "tls_exit"),
          new Probe("gnutls_handshake", "tls_handshake_enter", "tls_exit"),
          new Probe("gnutls_deinit", "tls_free", null))));

  private static final Set<String> ALL_FUNCTIONS = allFunctions();

  /** Shared TLS libraries looked for in the library directories, by file name. */
  private static final List<String> LIBRARY_NAME_PREFIXES = List.of("libssl.so", "libgnutls.so");
  private static final List<Path> LIBRARY_DIRECTORIES = List.of(
      Path.of("/lib"), Path.of("/lib64"), Path.of("/usr/lib"), Path.of("/usr/lib64"), Path.of("/usr/local/lib"));

  private record FileId(long device, long inode) {}

  private final BpfObject object;
  private final Path procRoot;
  /** The processes the probes are attached in; -1 alone: every process. */
  private final List<Integer> targets;
  private final Map<Integer, TlsLibrary> byId = new ConcurrentHashMap<>();
  /** Why files that look like TLS libraries were not probed, by path. */
  private final Map<String, String> skipped = new ConcurrentHashMap<>();
  /** Files examined, by stat identity; confined to the scanning thread (start, then the worker). */
  private final Set<FileId> examined = new HashSet<>();
  /** Mappings (kernel device and inode, from maps) already examined: saves a stat per mapping. */
  private final Set<List<Long>> mappingsSeen = new HashSet<>();
  private final DelayQueue<Scan> scans = new DelayQueue<>();
  private final @Nullable String ownMountNamespace;
  private final Thread worker;
  private int nextId = 1;
  private volatile boolean running = true;

  private TlsProbes(BpfObject object, Path procRoot, Set<Integer> pids) {
    this.object = object;
    this.procRoot = procRoot;
    this.targets = pids.isEmpty() ? List.of(-1) : List.copyOf(new TreeSet<>(pids));
    this.ownMountNamespace = mountNamespace("self");
    this.worker = new Thread(this::work, "sockscope-tls");
    this.worker.setDaemon(true);
  }

  /**
   * Scans the library directories and every process, attaches, then keeps watching.
   *
   * @param pids the processes traced, each a probe target; empty: every process
   */
  public static TlsProbes start(BpfObject object, Set<Integer> pids) {
    TlsProbes probes = new TlsProbes(object, Path.of("/proc"), pids);
    long began = System.nanoTime();
    probes.scanLibraryDirectories();
    probes.scanAllProcesses();
    LOG.log(System.Logger.Level.DEBUG, "TLS scan at start: " + probes.byId.size() + " libraries probed, "
        + probes.skipped.size() + " skipped, " + probes.examined.size() + " files examined in "
        + (System.nanoTime() - began) / 1_000_000 + " ms");
    probes.worker.start();
    return probes;
  }

  /** A process replaced its image: scan it now and over its first second. Any thread. */
  public void onExec(int pid, long execNanos) {
    if (running) {
      scans.add(new Scan(pid, execNanos, 0, System.nanoTime()));
    }
  }

  /** The library behind a probe id (the cookie in data records), or null when unknown. */
  public @Nullable TlsLibrary library(int id) {
    return byId.get(id);
  }

  /** The libraries probed so far, in the order they were attached. */
  public List<TlsLibrary> libraries() {
    List<Integer> ids = new ArrayList<>(byId.keySet());
    ids.sort(null);
    List<TlsLibrary> libraries = new ArrayList<>();
    ids.forEach(id -> libraries.add(byId.get(id)));
    return libraries;
  }

  /** Files that looked like TLS libraries but could not be probed, with the reason, by path. */
  public Map<String, String> skipped() {
    return Map.copyOf(skipped);
  }

  /** Stops the watching thread; the probes stay until the object is detached. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    worker.interrupt();
    worker.join();
  }

  private void work() {
    long nextFullScan = System.nanoTime() + FULL_SCAN_PERIOD.toNanos();
    while (running) {
      try {
        Scan scan = scans.poll(Math.max(1, nextFullScan - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (scan != null) {
          scanProcess(scan.pid, scan.execNanos);
          if (scan.attempt + 1 < EXEC_SCAN_DELAYS_MILLIS.length) {
            long due = scan.execNanos + TimeUnit.MILLISECONDS.toNanos(EXEC_SCAN_DELAYS_MILLIS[scan.attempt + 1]);
            scans.add(new Scan(scan.pid, scan.execNanos, scan.attempt + 1, due));
          }
        } else if (System.nanoTime() - nextFullScan >= 0) {
          scanAllProcesses();
          nextFullScan = System.nanoTime() + FULL_SCAN_PERIOD.toNanos();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "TLS library scan failed; going on", e);
      }
    }
  }

  private void scanLibraryDirectories() {
    List<Path> directories = new ArrayList<>(LIBRARY_DIRECTORIES);
    for (Path base : LIBRARY_DIRECTORIES) { // multiarch directories: /usr/lib/x86_64-linux-gnu
      try (DirectoryStream<Path> children = Files.newDirectoryStream(base, "*-linux-*")) {
        children.forEach(directories::add);
      } catch (IOException e) {
        // no such directory
      }
    }
    for (Path directory : directories) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (LIBRARY_NAME_PREFIXES.stream().anyMatch(name::startsWith) && Files.isRegularFile(file)) {
            Path real = file.toRealPath(); // libssl.so -> libssl.so.3, /lib -> /usr/lib
            examine(real, real.toString(), -1);
          }
        }
      } catch (IOException e) {
        // no such directory, or not readable: nothing to find there
      }
    }
  }

  private void scanAllProcesses() {
    if (targets.get(0) >= 0) {
      targets.forEach(pid -> scanProcess(pid, -1));
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(procRoot)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          scanProcess(Integer.parseInt(name), -1);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot list " + procRoot + ": " + e.getMessage());
    }
  }

  /** @param execNanos when the process exec'd, to measure the attach delay; -1 when not known */
  private void scanProcess(int pid, long execNanos) {
    if (pid == ProcessHandle.current().pid()) {
      return;
    }
    List<ProcMaps.MappedFile> files;
    try {
      files = ProcMaps.read(pid);
    } catch (IOException e) {
      return; // gone already, or a kernel thread
    }
    String namespace = null;
    boolean namespaceRead = false;
    for (ProcMaps.MappedFile file : files) {
      if (!mappingsSeen.add(List.of(file.device(), file.inode()))) {
        continue;
      }
      if (!namespaceRead) {
        namespace = mountNamespace(Integer.toString(pid));
        namespaceRead = true;
      }
      // A process in another mount namespace sees its files under its own root.
      boolean sameNamespace = namespace != null && namespace.equals(ownMountNamespace);
      Path path = sameNamespace
          ? Path.of(file.path())
          : procRoot.resolve(Integer.toString(pid)).resolve("root").resolve(file.path().substring(1));
      if (file.deleted()) {
        if (looksLikeTlsLibrary(file.path())) {
          skip(path.toString(), "the file was deleted after the process mapped it");
        }
        continue;
      }
      examine(path, path.toString(), execNanos);
    }
  }

  private static boolean looksLikeTlsLibrary(String path) {
    String name = Path.of(path).getFileName().toString();
    return LIBRARY_NAME_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /**
   * Examines a file once; probes it if it defines a TLS library's functions.
   *
   * @param execNanos when the process that maps it exec'd; -1 when not known
   */
  private void examine(Path path, String shownPath, long execNanos) {
    FileId id;
    try {
      Map<String, Object> stat = Files.readAttributes(path, "unix:dev,ino"); // one stat for both
      id = new FileId((Long) stat.get("dev"), (Long) stat.get("ino"));
    } catch (IOException | RuntimeException e) {
      return; // gone, or not readable
    }
    if (!examined.add(id)) {
      return;
    }
    Set<String> defined;
    try {
      defined = ElfSymbols.definedFunctions(path, ALL_FUNCTIONS);
    } catch (IOException e) {
      if (looksLikeTlsLibrary(shownPath)) {
        skip(shownPath, "cannot read it: " + e.getMessage());
      }
      return;
    }
    for (Api api : APIS) {
      if (defined.containsAll(api.required())) {
        attach(api, path, shownPath, defined, execNanos);
        return;
      }
    }
    if (looksLikeTlsLibrary(shownPath)) {
      skip(shownPath, "its symbols name no TLS function the probes know (stripped, or not a TLS library)");
    }
  }

  private void attach(Api api, Path path, String shownPath, Set<String> defined, long execNanos) {
    int id = nextId++;
    List<Pointer> links = new ArrayList<>();
    for (int pid : targets) {
      List<Pointer> pidLinks = new ArrayList<>();
      try {
        for (Probe probe : api.probes()) {
          if (!defined.contains(probe.function())) {
            continue; // SSL_write_ex and SSL_read_ex came with OpenSSL 1.1.1
          }
          pidLinks.add(object.attachUprobe(probe.entry(), path, probe.function(), false, pid, id));
          if (probe.onReturn() != null) {
            pidLinks.add(object.attachUprobe(probe.onReturn(), path, probe.function(), true, pid, id));
          }
        }
        links.addAll(pidLinks);
      } catch (RuntimeException e) {
        pidLinks.forEach(object::detach);
        if (pid >= 0 && !Files.isDirectory(procRoot.resolve(Integer.toString(pid)))) {
          continue; // the process is gone: nothing of it to probe
        }
        links.forEach(object::detach);
        skip(shownPath, e.getMessage());
        return;
      }
    }
    if (links.isEmpty()) {
      return; // every process traced is gone
    }
    // Exec records carry the kernel's CLOCK_MONOTONIC, as System.nanoTime() reads it on Linux.
    Duration delay = execNanos < 0 ? null : Duration.ofNanos(Math.max(0, System.nanoTime() - execNanos));
    TlsLibrary library = new TlsLibrary(api.kind(), shownPath, delay);
    byId.put(id, library);
    LOG.log(System.Logger.Level.DEBUG, "TLS probes on " + library + " (" + links.size() + " probes"
        + (delay == null ? "" : ", " + delay.toMillis() + " ms after the exec of the process that maps it") + ")");
  }

  private void skip(String path, String reason) {
    if (skipped.putIfAbsent(path, reason) == null) {
      LOG.log(System.Logger.Level.WARNING, "TLS library " + path + " not probed: " + reason);
    }
  }

  private @Nullable String mountNamespace(String pid) {
    try {
      return Files.readSymbolicLink(procRoot.resolve(pid).resolve("ns").resolve("mnt")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static Set<String> allFunctions() {
    Set<String> all = new HashSet<>();
    APIS.forEach(api -> all.addAll(api.functions()));
    return Set.copyOf(all);
  }

  /** A scan of one process that exec'd, due at {@code dueNanos}. */
  private static final class Scan implements Delayed {
    final int pid;
    final long execNanos;
    final int attempt;
    final long dueNanos;

    Scan(int pid, long execNanos, int attempt, long dueNanos) {
      this.pid = pid;
      this.execNanos = execNanos;
      this.attempt = attempt;
      this.dueNanos = dueNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Scan) other).dueNanos);
    }
  }
}
