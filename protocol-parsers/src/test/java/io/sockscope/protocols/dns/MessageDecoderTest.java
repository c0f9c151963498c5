package io.sockscope.protocols.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {

  private static final int ANSWER_FLAGS = 0x8180; // QR, RD, RA

  private static DnsMessage decode(byte[] bytes) throws MalformedMessageException {
    return MessageDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length, bytes.length).message();
  }

  /** An answer to one question, with {@code answers} records whose owner points at the question. */
  private static DnsMessages answer(int answers, int flags) {
    return DnsMessages.header(9, flags, 1, answers, 0, 0).name("example.test").u16(1).u16(1);
  }

  @Test
  void decodesEveryKindOfAnswerData() throws Exception {
    DnsMessages message = answer(7, ANSWER_FLAGS);
    message.pointer(12).record(DnsCodes.TYPE_A, new byte[] {(byte) 192, 0, 2, 1});
    message.pointer(12).record(DnsCodes.TYPE_AAAA, new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    message.pointer(12).record(DnsCodes.TYPE_PTR, name("host.example.test"));
    message.pointer(12).record(DnsCodes.TYPE_MX, concat(new byte[] {0, 20}, name("mx.example.test")));
    message.pointer(12).record(DnsCodes.TYPE_SOA,
        concat(name("ns.example.test"), name("admin.example.test"), new byte[] {0, 0, 0, 42}, new byte[16]));
    message.pointer(12).record(DnsCodes.TYPE_A, new byte[] {1, 2, 3, 4, 5});
    message.pointer(12).record(257, new byte[] {0, 5, 'i', 's', 's', 'u', 'e'});

    DnsMessage decoded = decode(message.toByteArray());

    assertEquals("192.0.2.1, 2001:db8::1, host.example.test, 20 mx.example.test, "
        + "ns.example.test admin.example.test 42, A (5 bytes), CAA (7 bytes)", decoded.answers());
    assertEquals(new DnsMessage.Question("example.test", 1, 1), decoded.question());
    assertTrue(decoded.complete());
  }

  @Test
  void cutsALongTxtRecordAndALongAnswerList() throws Exception {
    byte[] txt = new byte[256];
    txt[0] = (byte) 255;
    java.util.Arrays.fill(txt, 1, 256, (byte) 'x');
    DnsMessage longTxt = decode(answer(1, ANSWER_FLAGS).pointer(12).record(DnsCodes.TYPE_TXT, txt).toByteArray());
    assertEquals("\"" + "x".repeat(255) + "...", longTxt.answers());

    DnsMessages many = answer(200, ANSWER_FLAGS);
    for (int i = 0; i < 200; i++) {
      many.pointer(12).record(DnsCodes.TYPE_A, new byte[] {10, 0, 0, (byte) i});
    }
    DnsMessage decoded = decode(many.toByteArray());
    assertTrue(decoded.answers().length() <= DnsLimits.MAX_ANSWERS_CHARS + 5, decoded.answers());
    assertTrue(decoded.answers().startsWith("10.0.0.0, 10.0.0.1, "));
    assertTrue(decoded.answers().endsWith(", ..."));
    assertEquals(200, decoded.answerCount());
  }

  @Test
  void anEdnsOptRecordExtendsTheResponseCode() throws Exception {
    byte[] badVersion = DnsMessages.header(3, 0x8100, 1, 0, 0, 1).name("example.test").u16(1).u16(1)
        .u8(0).u16(DnsCodes.TYPE_OPT).u16(1232).u32(0x01000000L).u16(0).toByteArray();

    DnsMessage decoded = decode(badVersion);

    assertEquals(16, decoded.responseCode());
    assertEquals("BADVERS", DnsCodes.responseCode(decoded.responseCode()));
  }

  @Test
  void recordsShortOfTheCountsAreMalformedUnlessTheAnswerSaysItIsTruncated() throws Exception {
    byte[] shortOfCounts = answer(2, ANSWER_FLAGS).pointer(12).record(DnsCodes.TYPE_A, new byte[4]).toByteArray();
    MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(shortOfCounts));
    assertEquals("field past the end of the message", e.reason());

    byte[] truncated = answer(2, ANSWER_FLAGS | 0x0200).pointer(12).record(DnsCodes.TYPE_A, new byte[4]).toByteArray();
    DnsMessage decoded = decode(truncated);
    assertFalse(decoded.complete());
    assertEquals("0.0.0.0", decoded.answers());
    assertTrue(decoded.isTruncated());
  }

  @Test
  void aDatagramCutByTheCaptureLimitKeepsWhatWasCaptured() throws Exception {
    byte[] whole = answer(2, ANSWER_FLAGS).pointer(12).record(DnsCodes.TYPE_A, new byte[] {1, 1, 1, 1})
        .pointer(12).record(DnsCodes.TYPE_A, new byte[] {2, 2, 2, 2}).toByteArray();

    DnsMessage decoded = MessageDecoder.decode(ByteBuffer.wrap(whole), 0, whole.length - 3, whole.length).message();

    assertFalse(decoded.complete());
    assertEquals("1.1.1.1", decoded.answers());
    assertEquals(2, decoded.answerCount());
  }

  @Test
  void aNameInsideRecordDataMustEndInsideIt() {
    byte[] data = name("host.example.test");
    byte[] overlong = answer(1, ANSWER_FLAGS).pointer(12).record(DnsCodes.TYPE_CNAME, java.util.Arrays.copyOf(data, 4))
        .raw(java.util.Arrays.copyOfRange(data, 4, data.length)).toByteArray();

    MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(overlong));
    assertEquals("name past the end of its record", e.reason());
  }

  @Test
  void aMessageShorterThanItsHeaderIsMalformed() {
    MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(new byte[11]));
    assertEquals("message shorter than its header", e.reason());
  }

  /** The wire form of a name, uncompressed. */
  private static byte[] name(String dotted) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String label : dotted.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.write(0);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
