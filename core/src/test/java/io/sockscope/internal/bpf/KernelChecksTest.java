package io.sockscope.internal.bpf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.InsufficientPrivilegesException;
import org.junit.jupiter.api.Test;

class KernelChecksTest {
  private static String status(long capEff) {
    return "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t" + String.format("%016x", capEff) + "\n";
  }

  @Test
  void rootNeedsNoCapabilities() {
    assertDoesNotThrow(() -> KernelChecks.checkPrivileges(0, status(0)));
  }

  @Test
  void bpfAndPerfmonTogetherAreEnough() {
    long caps = (1L << KernelChecks.CAP_BPF) | (1L << KernelChecks.CAP_PERFMON);
    assertDoesNotThrow(() -> KernelChecks.checkPrivileges(1000, status(caps)));
  }

  @Test
  void sysAdminAloneIsEnough() {
    assertDoesNotThrow(() -> KernelChecks.checkPrivileges(1000, status(1L << KernelChecks.CAP_SYS_ADMIN)));
  }

  @Test
  void bpfWithoutPerfmonIsRefusedWithWhatToGrant() {
    InsufficientPrivilegesException e = assertThrows(InsufficientPrivilegesException.class,
        () -> KernelChecks.checkPrivileges(1000, status(1L << KernelChecks.CAP_BPF)));
    assertTrue(e.getMessage().contains("run as root, or grant CAP_BPF and CAP_PERFMON"), e.getMessage());
    assertTrue(e.getMessage().contains("uid 1000"), e.getMessage());
  }

  @Test
  void readsEffectiveCapabilitiesFromProcStatus() {
    assertEquals(0x000001ffffffffffL, KernelChecks.effectiveCapabilities(status(0x000001ffffffffffL)).orElseThrow());
    assertTrue(KernelChecks.effectiveCapabilities("Name:\tx\n").isEmpty());
  }
}
