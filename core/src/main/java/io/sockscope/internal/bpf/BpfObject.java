package io.sockscope.internal.bpf;

import io.sockscope.KernelFeatureException;
import io.sockscope.ProgramLoadException;
import io.sockscope.internal.libc.Errno;
import io.sockscope.internal.libc.LibC;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.byref.NativeLongByReference;

/**
 * An eBPF object file opened by libbpf: configured, then loaded, then attached. Closing
 * detaches every link in reverse order of attachment and frees the object; it is idempotent
 * and safe after a failed load or attach. Confined to the thread that starts and stops the
 * tracer, except {@link #mapFd} and the map calls, which may be used from any thread while
 * the object is open.
 */
public final class BpfObject implements AutoCloseable {
  private final LibBpf lib;
  private final LibBpfLog log;
  private final Pointer object;
  private final List<Pointer> links = new ArrayList<>();
  private boolean closed;

  private BpfObject(LibBpf lib, LibBpfLog log, Pointer object) {
    this.lib = lib;
    this.log = log;
    this.object = object;
  }

  public static BpfObject open(LibBpf lib, Path file) {
    LibBpfLog log = LibBpfLog.install(lib);
    log.clear();
    Pointer object = lib.bpf_object__open_file(file.toString(), null);
    if (object == null) {
      throw new ProgramLoadException("libbpf could not open " + file + ": " + Errno.describe(LibC.errno()), log.recent());
    }
    return new BpfObject(lib, log, object);
  }

  /** Writes the initial contents of the object's {@code .rodata}; before {@link #load()}. */
  public void setReadOnlyData(byte[] contents) {
    Pointer map = map(".rodata");
    NativeLongByReference size = new NativeLongByReference();
    Pointer data = lib.bpf_map__initial_value(map, size);
    if (data == null || size.longValue() != contents.length) {
      throw new IllegalStateException(".rodata of the eBPF object holds " + size.longValue()
          + " bytes, the configuration is " + contents.length + ": object and Java layout disagree");
    }
    data.put(0, contents, 0, contents.length);
  }

  /** Sizes a map; before {@link #load()}. */
  public void setMaxEntries(String mapName, int maxEntries) {
    int err = lib.bpf_map__set_max_entries(map(mapName), maxEntries);
    if (err != 0) {
      throw new IllegalArgumentException("cannot size map " + mapName + " to " + maxEntries + ": " + Errno.describe(-err));
    }
  }

  /** Leaves a program out of the load (and so of the attach); before {@link #load()}. */
  public void skipProgram(String name) {
    Pointer program = lib.bpf_object__find_program_by_name(object, name);
    if (program == null) {
      throw new IllegalStateException("the eBPF object has no program named " + name);
    }
    lib.bpf_program__set_autoload(program, false);
  }

  /** Loads every program and map into the kernel; the verifier's log is attached on failure. */
  public void load() {
    log.clear();
    int err = lib.bpf_object__load(object);
    if (err != 0) {
      throw new ProgramLoadException(
          "the kernel refused sockscope's eBPF programs: " + Errno.describe(-err), log.recent());
    }
  }

  /** The names of the object's programs, in the file's order. */
  public List<String> programNames() {
    List<String> names = new ArrayList<>();
    for (Pointer p = lib.bpf_object__next_program(object, null); p != null; p = lib.bpf_object__next_program(object, p)) {
      names.add(lib.bpf_program__name(p));
    }
    return names;
  }

  /**
   * Attaches every loaded program by its section name, all or none; uprobe programs without a
   * target in their section name are left for {@link #attachUprobe}.
   */
  public void attachAll() {
    for (Pointer p = lib.bpf_object__next_program(object, null); p != null; p = lib.bpf_object__next_program(object, p)) {
      String section = lib.bpf_program__section_name(p);
      if (!lib.bpf_program__autoload(p) || section.equals("uprobe") || section.equals("uretprobe")) {
        continue;
      }
      log.clear();
      Pointer link = lib.bpf_program__attach(p);
      if (link == null) {
        int errno = LibC.errno();
        String what = lib.bpf_program__name(p) + " (" + lib.bpf_program__section_name(p) + ")";
        detachAll();
        throw new KernelFeatureException("could not attach " + what + ": " + Errno.describe(errno)
            + (log.recent().isEmpty() ? "" : "\n" + log.recent()));
      }
      links.add(link);
    }
  }

  /**
   * Attaches a loaded uprobe program to the entry (or with {@code retprobe} the return) of a
   * function of an ELF file: in every process that maps the file, now or later, or with a {@code
   * pid} of 0 or more only in that process, whose other copies of the file run without a
   * breakpoint. libbpf finds the function in the file's symbols. Thread-safe.
   *
   * @param pid the process, or -1 for all
   * @param cookie what the program reads with {@code bpf_get_attach_cookie}
   * @return the link, for {@link #detach}
   * @throws KernelFeatureException when libbpf or the kernel refuses; the message says why
   */
  public Pointer attachUprobe(String programName, Path file, String function, boolean retprobe, int pid, long cookie) {
    Pointer program = lib.bpf_object__find_program_by_name(object, programName);
    if (program == null) {
      throw new IllegalStateException("the eBPF object has no program named " + programName);
    }
    synchronized (links) {
      log.clear();
      Pointer link;
      try (UprobeOptions options = new UprobeOptions(lib, function, retprobe, cookie)) {
        link = lib.bpf_program__attach_uprobe_opts(program, pid, file.toString(), 0, options.pointer());
      }
      if (link == null) {
        int errno = LibC.errno();
        throw new KernelFeatureException("could not attach " + (retprobe ? "a return probe" : "a probe") + " to "
            + function + " in " + file + (pid < 0 ? "" : " for process " + pid) + ": " + Errno.describe(errno)
            + (log.recent().isEmpty() ? "" : "\n" + log.recent()));
      }
      links.add(link);
      return link;
    }
  }

  /** Detaches one link from {@link #attachUprobe}. Thread-safe. */
  public void detach(Pointer link) {
    synchronized (links) {
      if (links.remove(link)) {
        lib.bpf_link__destroy(link);
      }
    }
  }

  public int attachedCount() {
    synchronized (links) {
      return links.size();
    }
  }

  public int mapFd(String mapName) {
    return lib.bpf_map__fd(map(mapName));
  }

  public int maxEntries(String mapName) {
    return lib.bpf_map__max_entries(map(mapName));
  }

  /** Sets one element of a map by its file descriptor. */
  public void update(int mapFd, byte[] key, byte[] value) {
    int err = lib.bpf_map_update_elem(mapFd, key, value, LibBpf.BPF_ANY);
    if (err != 0) {
      throw new IllegalStateException("bpf_map_update_elem failed: " + Errno.describe(LibC.errno()));
    }
  }

  /** Replaces an element that exists; false when it does not (any more). */
  public boolean replace(int mapFd, byte[] key, byte[] value) {
    return lib.bpf_map_update_elem(mapFd, key, value, LibBpf.BPF_EXIST) == 0;
  }

  /** Reads one element of a map into {@code value}; false when the key is absent. */
  public boolean lookup(int mapFd, byte[] key, byte[] value) {
    return lib.bpf_map_lookup_elem(mapFd, key, value) == 0;
  }

  private Pointer map(String name) {
    Pointer map = lib.bpf_object__find_map_by_name(object, name);
    if (map == null) {
      throw new IllegalStateException("the eBPF object has no map named " + name);
    }
    return map;
  }

  /** Detaches every program, newest first; the maps stay readable until {@link #close()}. */
  public void detachAll() {
    synchronized (links) {
      for (int i = links.size() - 1; i >= 0; i--) {
        lib.bpf_link__destroy(links.get(i));
      }
      links.clear();
    }
  }

  /** Detaches the programs and frees the object. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    detachAll();
    lib.bpf_object__close(object);
  }
}
