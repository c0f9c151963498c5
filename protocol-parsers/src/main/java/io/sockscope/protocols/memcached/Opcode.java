package io.sockscope.protocols.memcached;

import org.jspecify.annotations.Nullable;

/**
 * The opcodes of memcached's binary protocol: their names, what they do, whether they are quiet,
 * and the extras length a request of each carries. Stateless.
 */
enum Opcode {
  GET(0x00, CommandKind.RETRIEVAL, false, 0),
  SET(0x01, CommandKind.STORAGE, false, 8),
  ADD(0x02, CommandKind.STORAGE, false, 8),
  REPLACE(0x03, CommandKind.STORAGE, false, 8),
  DELETE(0x04, CommandKind.OTHER, false, 0),
  INCREMENT(0x05, CommandKind.OTHER, false, 20),
  DECREMENT(0x06, CommandKind.OTHER, false, 20),
  QUIT(0x07, CommandKind.OTHER, false, 0),
  FLUSH(0x08, CommandKind.OTHER, false, Opcode.EXTRAS_0_OR_4),
  GETQ(0x09, CommandKind.RETRIEVAL, true, 0),
  NOOP(0x0a, CommandKind.OTHER, false, 0),
  VERSION(0x0b, CommandKind.OTHER, false, 0),
  GETK(0x0c, CommandKind.RETRIEVAL, false, 0),
  GETKQ(0x0d, CommandKind.RETRIEVAL, true, 0),
  APPEND(0x0e, CommandKind.STORAGE, false, 0),
  PREPEND(0x0f, CommandKind.STORAGE, false, 0),
  STAT(0x10, CommandKind.STATS, false, 0),
  SETQ(0x11, CommandKind.STORAGE, true, 8),
  ADDQ(0x12, CommandKind.STORAGE, true, 8),
  REPLACEQ(0x13, CommandKind.STORAGE, true, 8),
  DELETEQ(0x14, CommandKind.OTHER, true, 0),
  INCREMENTQ(0x15, CommandKind.OTHER, true, 20),
  DECREMENTQ(0x16, CommandKind.OTHER, true, 20),
  QUITQ(0x17, CommandKind.OTHER, true, 0),
  FLUSHQ(0x18, CommandKind.OTHER, true, Opcode.EXTRAS_0_OR_4),
  APPENDQ(0x19, CommandKind.STORAGE, true, 0),
  PREPENDQ(0x1a, CommandKind.STORAGE, true, 0),
  VERBOSITY(0x1b, CommandKind.OTHER, false, 4),
  TOUCH(0x1c, CommandKind.OTHER, false, 4),
  GAT(0x1d, CommandKind.RETRIEVAL, false, 4),
  GATQ(0x1e, CommandKind.RETRIEVAL, true, 4),
  SASL_LIST_MECHS(0x20, CommandKind.OTHER, false, 0),
  SASL_AUTH(0x21, CommandKind.OTHER, false, 0),
  SASL_STEP(0x22, CommandKind.OTHER, false, 0),
  GATK(0x23, CommandKind.RETRIEVAL, false, 4),
  GATKQ(0x24, CommandKind.RETRIEVAL, true, 4);

  /** FLUSH carries an optional 4-byte expiration. */
  private static final int EXTRAS_0_OR_4 = -1;

  private static final Opcode[] BY_CODE = new Opcode[0x25];

  static {
    for (Opcode opcode : values()) {
      BY_CODE[opcode.code] = opcode;
    }
  }

  private final int code;
  private final CommandKind kind;
  private final boolean quiet;
  private final int requestExtras;

  Opcode(int code, CommandKind kind, boolean quiet, int requestExtras) {
    this.code = code;
    this.kind = kind;
    this.quiet = quiet;
    this.requestExtras = requestExtras;
  }

  /** The opcode with this code, or null for one this parser does not know. */
  static @Nullable Opcode of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** The name reported as {@code db.operation.name} for a code, known or not ({@code 0x3d}). */
  static String nameOf(int code) {
    Opcode opcode = of(code);
    return opcode == null ? String.format("0x%02x", code) : opcode.name();
  }

  /** The opcode's byte in a packet header. */
  int code() {
    return code;
  }

  CommandKind kind() {
    return kind;
  }

  /** Whether the server answers only some outcomes (a hit, an error), or never for QUITQ. */
  boolean isQuiet() {
    return quiet;
  }

  /** Whether a request of this opcode may carry {@code extrasLength} bytes of extras. */
  boolean acceptsRequestExtras(int extrasLength) {
    return requestExtras == EXTRAS_0_OR_4
        ? extrasLength == 0 || extrasLength == 4
        : extrasLength == requestExtras;
  }
}
