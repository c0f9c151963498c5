package io.sockscope.internal.bpf;

import io.sockscope.internal.libc.LibC;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import jnr.ffi.Pointer;

/**
 * Routes libbpf's messages to the {@code io.sockscope.libbpf} {@link System.Logger} and keeps the most recent
 * ones, so that a failed load can attach what libbpf and the verifier said. libbpf has one
 * global print callback: installed once, for the life of the JVM.
 */
final class LibBpfLog implements LibBpf.PrintCallback {
  private static final System.Logger LOG = System.getLogger("io.sockscope.libbpf");
  private static final int MAX_KEPT_CHARS = 64 * 1024;
  private static final int MESSAGE_BUFFER = 16 * 1024;

  private static final LibBpfLog INSTANCE = new LibBpfLog();
  private static boolean installed;

  private final Deque<String> recent = new ArrayDeque<>();
  private int recentChars;

  private LibBpfLog() {}

  static synchronized LibBpfLog install(LibBpf lib) {
    if (!installed) {
      lib.libbpf_set_print(INSTANCE); // the static INSTANCE keeps the callback reachable
      installed = true;
    }
    return INSTANCE;
  }

  @Override
  public int print(int level, String format, Pointer arguments) {
    byte[] buffer = new byte[MESSAGE_BUFFER];
    int n = LibC.INSTANCE.vsnprintf(buffer, buffer.length, format, arguments);
    String message = new String(buffer, 0, Math.max(0, Math.min(n, buffer.length - 1)), StandardCharsets.UTF_8)
        .stripTrailing();
    System.Logger.Level logLevel = level == LibBpf.LIBBPF_WARN
        ? System.Logger.Level.WARNING
        : level == LibBpf.LIBBPF_INFO ? System.Logger.Level.DEBUG : System.Logger.Level.TRACE;
    LOG.log(logLevel, message);
    if (level <= LibBpf.LIBBPF_INFO) {
      keep(message);
    }
    return 0;
  }

  private synchronized void keep(String message) {
    recent.addLast(message);
    recentChars += message.length();
    while (recentChars > MAX_KEPT_CHARS && recent.size() > 1) {
      recentChars -= recent.removeFirst().length();
    }
  }

  /** Forgets what was kept, before an operation whose log is wanted. */
  synchronized void clear() {
    recent.clear();
    recentChars = 0;
  }

  /** What libbpf said since the last {@link #clear()}, one message a line. */
  synchronized String recent() {
    return String.join("\n", recent);
  }
}
