package io.sockscope.internal.bpf;

import io.sockscope.AttachMode;
import io.sockscope.KernelFeatureException;

/**
 * Chooses the syscall backend from what the running kernel has, once, at start. Both are
 * built from one source: {@code sockscope.bpf.o} attaches to the syscall tracepoints,
 * {@code sockscope-kprobes.bpf.o} to kprobes on the syscall functions.
 */
public final class AttachBackend {
  private AttachBackend() {}

  /** The backend to load: never {@link AttachMode#AUTO}. */
  public static AttachMode choose(AttachMode requested) {
    return choose(requested, KernelChecks.hasSyscallTracepoints(), KernelChecks.hasKprobes());
  }

  static AttachMode choose(AttachMode requested, boolean tracepoints, boolean kprobes) {
    switch (requested) {
      case TRACEPOINTS:
        if (!tracepoints) {
          throw new KernelFeatureException("the kernel has no syscall tracepoints (tracefs events/syscalls):"
              + " it was built without CONFIG_FTRACE_SYSCALLS; use AttachMode.KPROBES or AUTO");
        }
        return AttachMode.TRACEPOINTS;
      case KPROBES:
        if (!kprobes) {
          throw new KernelFeatureException("the kernel cannot attach kprobes (no /sys/bus/event_source/devices/kprobe):"
              + " it was built without CONFIG_KPROBES; use AttachMode.TRACEPOINTS or AUTO");
        }
        return AttachMode.KPROBES;
      default:
        if (tracepoints) {
          return AttachMode.TRACEPOINTS; // a stable ABI: preferred when both exist
        }
        if (kprobes) {
          return AttachMode.KPROBES;
        }
        throw new KernelFeatureException("the kernel has neither syscall tracepoints nor kprobes:"
            + " sockscope needs CONFIG_FTRACE_SYSCALLS or CONFIG_KPROBES");
    }
  }

  /** The object file, in the sockscope-bpf artifact, for a chosen backend. */
  public static String objectResource(AttachMode chosen) {
    return chosen == AttachMode.KPROBES
        ? "/io/sockscope/bpf/sockscope-kprobes.bpf.o"
        : "/io/sockscope/bpf/sockscope.bpf.o";
  }
}
