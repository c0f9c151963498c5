package io.sockscope.e2e;

import io.sockscope.AttachMode;
import io.sockscope.Tracer;

/**
 * Builders for the suite's tracers, on the backend named by the environment variable
 * {@code SOCKSCOPE_ATTACH_MODE} ({@code TRACEPOINTS}, {@code KPROBES}; {@code AUTO} when unset),
 * so the same suite runs once per backend (see scripts/qemu-kernel-tests.sh).
 */
final class TestTracers {
  private TestTracers() {}

  static AttachMode attachMode() {
    String mode = System.getenv("SOCKSCOPE_ATTACH_MODE");
    return mode == null || mode.isBlank() ? AttachMode.AUTO : AttachMode.valueOf(mode.trim());
  }

  static Tracer.Builder builder() {
    return Tracer.builder().attachMode(attachMode());
  }
}
