package io.sockscope.internal.conn;

import java.nio.ByteBuffer;

/**
 * Recognises the start of a TLS record (RFC 8446 section 5.1, and SSL 3.0 to TLS 1.2 before
 * it): a content type from 20 (change_cipher_spec) to 23 (application_data), the protocol
 * version 3.x with x at most 4, and a length of at most 2^14 + 2048 bytes. No protocol
 * sockscope parses starts like this, so a connection whose socket bytes do is encrypted.
 */
final class TlsRecords {
  enum Verdict { YES, NO, NEED_MORE_BYTES }

  private static final int HEADER = 5;
  private static final int MAX_CIPHERTEXT = (1 << 14) + 2048;

  private TlsRecords() {}

  static Verdict recognise(ByteBuffer data) {
    int p = data.position();
    int n = data.remaining();
    if (n >= 1 && (data.get(p) < 20 || data.get(p) > 23)) {
      return Verdict.NO;
    }
    if (n >= 2 && data.get(p + 1) != 3) {
      return Verdict.NO;
    }
    if (n >= 3 && Byte.toUnsignedInt(data.get(p + 2)) > 4) {
      return Verdict.NO;
    }
    if (n < HEADER) {
      return Verdict.NEED_MORE_BYTES;
    }
    int length = (Byte.toUnsignedInt(data.get(p + 3)) << 8) | Byte.toUnsignedInt(data.get(p + 4));
    return length > 0 && length <= MAX_CIPHERTEXT ? Verdict.YES : Verdict.NO;
  }
}
