package io.sockscope;

/** How the syscall probes attach to the kernel. */
public enum AttachMode {
  /** Whatever the running kernel supports, decided at start from the kernel itself. */
  AUTO,
  /**
   * Syscall tracepoints ({@code syscalls/sys_exit_*}, and {@code sys_enter_*} of close and
   * splice): a stable ABI, needs tracefs.
   */
  TRACEPOINTS,
  /** Kprobes on the syscall functions: needs a kernel built with CONFIG_KPROBES. */
  KPROBES
}
