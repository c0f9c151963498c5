package io.sockscope.internal.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.internal.conn.TlsRecords.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsRecordsTest {
  private static Verdict recognise(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return TlsRecords.recognise(ByteBuffer.wrap(b));
  }

  @Test
  void recognisesTheRecordsThatStartATlsConnection() {
    assertEquals(Verdict.YES, recognise(0x16, 0x03, 0x01, 0x02, 0x00, 0x01)); // ClientHello, as curl sends it
    assertEquals(Verdict.YES, recognise(0x16, 0x03, 0x03, 0x00, 0x7a));       // ServerHello
    assertEquals(Verdict.YES, recognise(0x17, 0x03, 0x03, 0x40, 0x11));       // application data, 2^14 + 17
    assertEquals(Verdict.YES, recognise(0x15, 0x03, 0x03, 0x00, 0x02));       // alert
    assertEquals(Verdict.YES, recognise(0x14, 0x03, 0x00, 0x00, 0x01));       // SSL 3.0 change_cipher_spec
  }

  @Test
  void waitsForTheFiveByteHeader() {
    assertEquals(Verdict.NEED_MORE_BYTES, recognise());
    assertEquals(Verdict.NEED_MORE_BYTES, recognise(0x16));
    assertEquals(Verdict.NEED_MORE_BYTES, recognise(0x16, 0x03, 0x01, 0x02));
  }

  @Test
  void rejectsOtherProtocolsAndImplausibleHeaders() {
    assertEquals(Verdict.NO, TlsRecords.recognise(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(Verdict.NO, recognise(0x18, 0x03, 0x03, 0x00, 0x10)); // heartbeat: not a start
    assertEquals(Verdict.NO, recognise(0x16, 0x02, 0x00, 0x00, 0x10)); // SSL 2 version byte
    assertEquals(Verdict.NO, recognise(0x16, 0x03, 0x05, 0x00, 0x10)); // no TLS 1.4
    assertEquals(Verdict.NO, recognise(0x17, 0x03, 0x03, 0x00, 0x00)); // empty record
    assertEquals(Verdict.NO, recognise(0x17, 0x03, 0x03, 0x48, 0x01)); // longer than any record
    assertEquals(Verdict.NO, recognise(0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f)); // PostgreSQL SSLRequest
  }

  @Test
  void readsFromTheBufferPosition() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {'x', 0x16, 0x03, 0x01, 0x00, 0x05});
    buffer.position(1);
    assertEquals(Verdict.YES, TlsRecords.recognise(buffer));
    assertEquals(1, buffer.position(), "the position is left alone");
  }
}
