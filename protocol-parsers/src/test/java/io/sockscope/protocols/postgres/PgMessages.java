package io.sockscope.protocols.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds protocol 3.0 messages for tests that need bytes no recording has (errors, huge lengths, ...). */
final class PgMessages {
  private PgMessages() {}

  /** A typed message: the type byte, the length, the body. */
  static byte[] typed(char type, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.writeBytes(int32(body.length + 4));
    out.writeBytes(body);
    return out.toByteArray();
  }

  static byte[] startup(String user, String database) {
    byte[] body = concat(int32(196608), cstrings("user", user, "database", database), new byte[] {0});
    return concat(int32(body.length + 4), body);
  }

  static byte[] sslRequest() {
    return concat(int32(8), int32(80877103));
  }

  static byte[] gssencRequest() {
    return concat(int32(8), int32(80877104));
  }

  static byte[] cancelRequest(int pid, int secret) {
    return concat(int32(16), int32(80877102), int32(pid), int32(secret));
  }

  static byte[] query(String sql) {
    return typed('Q', cstrings(sql));
  }

  static byte[] parse(String name, String sql) {
    return typed('P', concat(cstrings(name, sql), int16(0)));
  }

  static byte[] bind(String portal, String statement) {
    return typed('B', concat(cstrings(portal, statement), int16(0), int16(0), int16(0)));
  }

  static byte[] describePortal(String portal) {
    return typed('D', concat(new byte[] {'P'}, cstrings(portal)));
  }

  static byte[] execute(String portal, int maxRows) {
    return typed('E', concat(cstrings(portal), int32(maxRows)));
  }

  static byte[] sync() {
    return typed('S', new byte[0]);
  }

  static byte[] authOk() {
    return typed('R', int32(0));
  }

  static byte[] authCleartext() {
    return typed('R', int32(3));
  }

  static byte[] password(String password) {
    return typed('p', cstrings(password));
  }

  static byte[] ready() {
    return typed('Z', new byte[] {'I'});
  }

  static byte[] rowDescription(String column) {
    return typed('T', concat(int16(1), cstrings(column), new byte[18]));
  }

  static byte[] dataRow(byte[] value) {
    return typed('D', concat(int16(1), int32(value.length), value));
  }

  static byte[] commandComplete(String tag) {
    return typed('C', cstrings(tag));
  }

  static byte[] error(String sqlState, String message) {
    return typed('E', concat(cstrings("SERROR", "VERROR", "C" + sqlState, "M" + message), new byte[] {0}));
  }

  static byte[] fatal(String sqlState, String message) {
    return typed('E', concat(cstrings("SFATAL", "VFATAL", "C" + sqlState, "M" + message), new byte[] {0}));
  }

  static byte[] parseComplete() {
    return typed('1', new byte[0]);
  }

  static byte[] bindComplete() {
    return typed('2', new byte[0]);
  }

  static byte[] noData() {
    return typed('n', new byte[0]);
  }

  static byte[] portalSuspended() {
    return typed('s', new byte[0]);
  }

  static byte[] notice(String message) {
    return typed('N', concat(cstrings("SNOTICE", "VNOTICE", "C00000", "M" + message), new byte[] {0}));
  }

  static byte[] int32(int value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  static byte[] int16(int value) {
    return new byte[] {(byte) (value >>> 8), (byte) value};
  }

  static byte[] cstrings(String... strings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String s : strings) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
