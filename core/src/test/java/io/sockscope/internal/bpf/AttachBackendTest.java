package io.sockscope.internal.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.AttachMode;
import io.sockscope.KernelFeatureException;
import org.junit.jupiter.api.Test;

class AttachBackendTest {
  @Test
  void autoPrefersTracepointsAndFallsBackToKprobes() {
    assertEquals(AttachMode.TRACEPOINTS, AttachBackend.choose(AttachMode.AUTO, true, true));
    assertEquals(AttachMode.TRACEPOINTS, AttachBackend.choose(AttachMode.AUTO, true, false));
    assertEquals(AttachMode.KPROBES, AttachBackend.choose(AttachMode.AUTO, false, true));
  }

  @Test
  void askingForABackendTheKernelLacksSaysWhichConfigIsMissing() {
    KernelFeatureException kprobes = assertThrows(KernelFeatureException.class,
        () -> AttachBackend.choose(AttachMode.KPROBES, true, false));
    assertTrue(kprobes.getMessage().contains("CONFIG_KPROBES"), kprobes.getMessage());
    KernelFeatureException tracepoints = assertThrows(KernelFeatureException.class,
        () -> AttachBackend.choose(AttachMode.TRACEPOINTS, false, true));
    assertTrue(tracepoints.getMessage().contains("CONFIG_FTRACE_SYSCALLS"), tracepoints.getMessage());
    assertThrows(KernelFeatureException.class, () -> AttachBackend.choose(AttachMode.AUTO, false, false));
  }

  @Test
  void eachBackendHasItsOwnObject() {
    assertEquals("/io/sockscope/bpf/sockscope-kprobes.bpf.o", AttachBackend.objectResource(AttachMode.KPROBES));
    assertEquals("/io/sockscope/bpf/sockscope.bpf.o", AttachBackend.objectResource(AttachMode.TRACEPOINTS));
  }
}
