package io.sockscope;

/** The kernel refused to load the eBPF programs; {@link #verifierLog()} says why. */
public final class ProgramLoadException extends TracerException {
  private static final long serialVersionUID = 1L;

  private final String verifierLog;

  public ProgramLoadException(String message, String verifierLog) {
    super(verifierLog.isEmpty() ? message : message + "\n--- libbpf and verifier log ---\n" + verifierLog);
    this.verifierLog = verifierLog;
  }

  /** What libbpf and the kernel's verifier printed while loading; may be empty. */
  public String verifierLog() {
    return verifierLog;
  }
}
