package io.sockscope.internal.bpf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.MissingDependencyException;
import org.junit.jupiter.api.Test;

class LibBpfLoaderTest {
  @Test
  void acceptsDebian12sLibbpfAndNewer() {
    assertDoesNotThrow(() -> LibBpfLoader.checkVersion(1, 1));
    assertDoesNotThrow(() -> LibBpfLoader.checkVersion(1, 3));
    assertDoesNotThrow(() -> LibBpfLoader.checkVersion(2, 0));
  }

  @Test
  void refusesAnOlderLibbpfNamingThePackage() {
    MissingDependencyException e = assertThrows(MissingDependencyException.class, () -> LibBpfLoader.checkVersion(0, 8));
    assertTrue(e.getMessage().contains("libbpf 0.8 is too old"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install libbpf1"), e.getMessage());
    assertThrows(MissingDependencyException.class, () -> LibBpfLoader.checkVersion(1, 0));
  }
}
