package io.sockscope;

/** The process may not load eBPF programs: it is not root and lacks CAP_BPF and CAP_PERFMON. */
public final class InsufficientPrivilegesException extends TracerException {
  private static final long serialVersionUID = 1L;

  public InsufficientPrivilegesException(String message) {
    super(message);
  }
}
