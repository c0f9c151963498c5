package io.sockscope.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sockscope.Role;
import org.junit.jupiter.api.Test;

class DirectionTest {
  @Test
  void aClientSendsRequestsAServerReceivesThemAnUnknownRoleCannotTell() {
    assertEquals(Direction.SENT, Direction.ofRequests(Role.CLIENT));
    assertEquals(Direction.RECEIVED, Direction.ofRequests(Role.SERVER));
    assertNull(Direction.ofRequests(Role.UNKNOWN));
  }

  @Test
  void theRoleFromTheWayRequestsTravelIsTheInverse() {
    assertEquals(Role.CLIENT, Direction.SENT.roleIfRequests());
    assertEquals(Role.SERVER, Direction.RECEIVED.roleIfRequests());
    for (Direction direction : Direction.values()) {
      assertEquals(direction, Direction.ofRequests(direction.roleIfRequests()));
    }
  }
}
