package io.sockscope.protocols.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinaryStatusTest {

  @Test
  void codesAreFourLowerCaseHexDigits() {
    assertEquals("0x0000", BinaryStatus.code(BinaryStatus.NO_ERROR));
    assertEquals("0x0086", BinaryStatus.code(0x0086));
    assertEquals("0xabcd", BinaryStatus.code(0xabcd));
  }

  @Test
  void anUnknownStatusIsNamedByItsCode() {
    assertEquals("KEY_NOT_FOUND", BinaryStatus.name(BinaryStatus.KEY_NOT_FOUND));
    assertEquals("STATUS_0x00ab", BinaryStatus.name(0x00ab));
  }
}
