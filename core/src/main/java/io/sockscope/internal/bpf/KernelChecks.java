package io.sockscope.internal.bpf;

import io.sockscope.InsufficientPrivilegesException;
import io.sockscope.KernelFeatureException;
import io.sockscope.internal.libc.Errno;
import io.sockscope.internal.libc.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What must be true of the process and the kernel before any program is loaded, each failure
 * with a message that says what to do. Reads the kernel itself (procfs, sysfs, tracefs), never
 * a version number.
 */
public final class KernelChecks {
  static final int CAP_SYS_ADMIN = 21;
  static final int CAP_PERFMON = 38;
  static final int CAP_BPF = 39;

  public static final Path BTF = Path.of("/sys/kernel/btf/vmlinux");
  public static final Path TRACEFS = Path.of("/sys/kernel/tracing");
  private static final Path DEBUGFS_TRACING = Path.of("/sys/kernel/debug/tracing");

  private KernelChecks() {}

  /** Root, or CAP_BPF with CAP_PERFMON, or CAP_SYS_ADMIN. */
  public static void checkPrivileges() {
    String status;
    try {
      status = Files.readString(Path.of("/proc/self/status"));
    } catch (IOException e) {
      status = "";
    }
    checkPrivileges(LibC.INSTANCE.geteuid(), status);
  }

  static void checkPrivileges(int euid, String procStatus) {
    if (euid == 0) {
      return;
    }
    long effective = effectiveCapabilities(procStatus).orElse(0L);
    boolean bpfAndPerfmon = has(effective, CAP_BPF) && has(effective, CAP_PERFMON);
    if (!bpfAndPerfmon && !has(effective, CAP_SYS_ADMIN)) {
      throw new InsufficientPrivilegesException(
          "loading eBPF programs needs privileges this process lacks (uid " + euid + ", CapEff "
              + Long.toHexString(effective) + "): run as root, or grant CAP_BPF and CAP_PERFMON"
              + " (for example: setcap cap_bpf,cap_perfmon+ep on the java binary)");
    }
  }

  static Optional<Long> effectiveCapabilities(String procStatus) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("CapEff:")) {
        return Optional.of(Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16));
      }
    }
    return Optional.empty();
  }

  private static boolean has(long capabilities, int capability) {
    return (capabilities & (1L << capability)) != 0;
  }

  /** CO-RE needs the kernel's BTF. */
  public static void checkBtf() {
    if (!Files.isReadable(BTF)) {
      throw new KernelFeatureException(
          "the kernel exposes no BTF at " + BTF + ": sockscope needs a kernel built with"
              + " CONFIG_DEBUG_INFO_BTF=y (every mainstream distribution kernel since 2020 is)");
    }
  }

  /**
   * Tracepoints are attached through tracefs: mounts it at /sys/kernel/tracing when neither it
   * nor debugfs's copy is there.
   */
  public static void ensureTracefs() {
    if (Files.isDirectory(TRACEFS.resolve("events")) || Files.isDirectory(DEBUGFS_TRACING.resolve("events"))) {
      return;
    }
    if (LibC.INSTANCE.mount("tracefs", TRACEFS.toString(), "tracefs", 0, null) != 0) {
      int errno = LibC.errno();
      throw new KernelFeatureException(
          "tracefs is not mounted and mounting it failed (" + Errno.describe(errno) + "): run"
              + " 'mount -t tracefs tracefs " + TRACEFS + "' as root, or use a kernel with tracefs");
    }
    if (!Files.isDirectory(TRACEFS.resolve("events"))) {
      throw new KernelFeatureException("tracefs mounted at " + TRACEFS + " has no events directory:"
          + " the kernel was built without tracepoints (CONFIG_FTRACE_SYSCALLS)");
    }
  }

  /** Whether the kernel can attach kprobes (CONFIG_KPROBES with the kprobe perf PMU). */
  public static boolean hasKprobes() {
    return Files.isDirectory(Path.of("/sys/bus/event_source/devices/kprobe"));
  }

  /** Whether a tracepoint exists, such as {@code io_uring/io_uring_file_get}. */
  public static boolean hasTracepoint(String categoryAndName) {
    return Files.isDirectory(TRACEFS.resolve("events").resolve(categoryAndName))
        || Files.isDirectory(DEBUGFS_TRACING.resolve("events").resolve(categoryAndName));
  }

  /** Whether the kernel has the syscall tracepoints sockscope attaches to. */
  public static boolean hasSyscallTracepoints() {
    return Files.isDirectory(TRACEFS.resolve("events/syscalls/sys_enter_write"))
        || Files.isDirectory(DEBUGFS_TRACING.resolve("events/syscalls/sys_enter_write"));
  }
}
