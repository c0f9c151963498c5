package io.sockscope.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  @Test
  void reservesUpToTheLimitAndNothingOnRefusal() {
    MemoryBudget budget = new MemoryBudget(10);

    assertTrue(budget.tryReserve(7));
    assertFalse(budget.tryReserve(4));
    assertEquals(7, budget.reservedBytes());
    assertTrue(budget.tryReserve(3));
    assertEquals(0, budget.availableBytes());

    budget.release(10);
    assertEquals(0, budget.reservedBytes());
    assertEquals(10, budget.availableBytes());
  }

  @Test
  void releasingMoreThanReservedIsABug() {
    MemoryBudget budget = new MemoryBudget(10);
    budget.tryReserve(2);

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> budget.release(3));

    assertEquals("released 3 bytes but only 2 are reserved", error.getMessage());
    assertEquals(2, budget.reservedBytes());
  }

  @Test
  void rejectsNegativeAmounts() {
    assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(-1));
    assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(1).tryReserve(-1));
  }
}
