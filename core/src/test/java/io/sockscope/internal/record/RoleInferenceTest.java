package io.sockscope.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Role;
import org.junit.jupiter.api.Test;

class RoleInferenceTest {
  @Test
  void theEndWithTheEphemeralPortIsTheClient() {
    assertEquals(Role.CLIENT, RoleInference.fromPorts(50000, 8080, 32768, 60999));
    assertEquals(Role.SERVER, RoleInference.fromPorts(5432, 41000, 32768, 60999));
  }

  @Test
  void bothOrNeitherEphemeralIsUnknown() {
    assertEquals(Role.UNKNOWN, RoleInference.fromPorts(40000, 50000, 32768, 60999));
    assertEquals(Role.UNKNOWN, RoleInference.fromPorts(80, 443, 32768, 60999));
  }

  @Test
  void theUnixEndBoundToAPathIsTheServer() {
    assertEquals(Role.SERVER, RoleInference.fromUnixPaths(true, false));
    assertEquals(Role.CLIENT, RoleInference.fromUnixPaths(false, true));
    assertEquals(Role.UNKNOWN, RoleInference.fromUnixPaths(true, true));
  }
}
