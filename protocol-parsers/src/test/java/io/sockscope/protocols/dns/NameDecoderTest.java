package io.sockscope.protocols.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NameDecoderTest {

  /** A header, then the bytes of {@code body} from offset 12. */
  private static MessageBytes message(DnsMessages body) {
    byte[] bytes = body.toByteArray();
    return new MessageBytes(ByteBuffer.wrap(bytes), 0, bytes.length, bytes.length);
  }

  private static DnsMessages afterHeader() {
    return DnsMessages.header(1, 0, 0, 0, 0, 0);
  }

  @Test
  void readsLabelsAndSaysWhereTheNameEnds() throws Exception {
    MessageBytes message = message(afterHeader().name("www.example.test").u16(1));

    assertEquals(new NameDecoder.Name("www.example.test", 12 + 18), NameDecoder.read(message, 12));
  }

  @Test
  void theRootIsADot() throws Exception {
    assertEquals(new NameDecoder.Name(".", 13), NameDecoder.read(message(afterHeader().u8(0)), 12));
  }

  @Test
  void followsChainedPointersBackwardsAndEndsAfterTheFirstPointer() throws Exception {
    // 12: example.test  26: www + pointer to 12  32: api + pointer to 26
    MessageBytes message = message(afterHeader().name("example.test").u8(3).raw("www".getBytes()).pointer(12)
        .u8(3).raw("api".getBytes()).pointer(26));

    assertEquals(new NameDecoder.Name("www.example.test", 32), NameDecoder.read(message, 26));
    assertEquals(new NameDecoder.Name("api.www.example.test", 38), NameDecoder.read(message, 32));
    assertEquals(new NameDecoder.Name("www.example.test", 38), NameDecoder.read(message, 36), "a bare pointer");
  }

  @Test
  void aPointerToItselfIsALoop() {
    assertMalformed("compression pointer loop", message(afterHeader().pointer(12)), 12);
  }

  @Test
  void pointersThatPointAtEachOtherAreALoop() {
    // 12: a + pointer to 16; 16: b + pointer to 12: read from 16, 12 is before, then 16 is not
    MessageBytes message = message(afterHeader().u8(1).u8('a').pointer(16).u8(1).u8('b').pointer(12));

    assertMalformed("compression pointer loop", message, 16);
    assertMalformed("compression pointer loop", message, 12);
  }

  @Test
  void aForwardPointerIsRejectedLikeALoop() {
    assertMalformed("compression pointer loop", message(afterHeader().pointer(14).name("example.test")), 12);
  }

  @Test
  void pointersOutsideTheMessageOrIntoTheHeaderAreOutOfBounds() {
    assertMalformed("compression pointer out of bounds", message(afterHeader().pointer(0x3FFF)), 12);
    assertMalformed("compression pointer out of bounds", message(afterHeader().u8(0).pointer(15)), 13);
    assertMalformed("compression pointer out of bounds", message(afterHeader().u8(0).pointer(4)), 13);
  }

  @Test
  void reservedLabelTypesAndOverlongNamesAreMalformed() {
    assertMalformed("reserved label type", message(afterHeader().u8(0x41).u8(0)), 12);
    DnsMessages longName = afterHeader();
    for (int i = 0; i < 5; i++) {
      longName.u8(50).raw(new byte[50]);
    }
    assertMalformed("name longer than 255 bytes", message(longName.u8(0)), 12);
  }

  @Test
  void aNameRunningOffTheMessageIsPastTheEnd() {
    MalformedMessageException e = assertThrows(MalformedMessageException.class,
        () -> NameDecoder.read(message(afterHeader().u8(5).raw("abc".getBytes())), 12));
    assertEquals(MalformedMessageException.Shortfall.PAST_THE_END, e.shortfall());
  }

  @Test
  void escapesBytesAsOpenTelemetryAsks() throws Exception {
    MessageBytes message = message(afterHeader().u8(7).raw("a.b c\\\"".getBytes()).u8(3).raw((byte) 7, (byte) '\t', (byte) 200)
        .u8(0));

    assertEquals("a\\.b c\\\\\\\".\\007\\t\\200", NameDecoder.read(message, 12).text());
  }

  private static void assertMalformed(String reason, MessageBytes message, int offset) {
    MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> NameDecoder.read(message, offset));
    assertEquals(reason, e.reason());
  }
}
