package io.sockscope.protocols.redis;

import org.jspecify.annotations.Nullable;

/**
 * The RESP2 and RESP3 value types, each with the byte that starts it on the wire and the name
 * reported in {@code redis.response.type}.
 */
enum RespType {
  SIMPLE_STRING('+', "simple_string", Framing.LINE),
  SIMPLE_ERROR('-', "simple_error", Framing.LINE),
  INTEGER(':', "integer", Framing.LINE),
  BULK_STRING('$', "bulk_string", Framing.LENGTH),
  ARRAY('*', "array", Framing.COUNT),
  NULL('_', "null", Framing.LINE),
  BOOLEAN('#', "boolean", Framing.LINE),
  DOUBLE(',', "double", Framing.LINE),
  BIG_NUMBER('(', "big_number", Framing.LINE),
  BULK_ERROR('!', "bulk_error", Framing.LENGTH),
  VERBATIM_STRING('=', "verbatim_string", Framing.LENGTH),
  MAP('%', "map", Framing.PAIR_COUNT),
  SET('~', "set", Framing.COUNT),
  ATTRIBUTE('|', "attribute", Framing.PAIR_COUNT),
  PUSH('>', "push", Framing.COUNT);

  /** How a value of a type is laid out after its type byte. */
  enum Framing {
    /** The value is the rest of the line. */
    LINE,
    /** A byte length on the line, then that many bytes and CRLF. */
    LENGTH,
    /** An element count on the line, then the elements. */
    COUNT,
    /** A count of key/value pairs on the line, then twice as many elements. */
    PAIR_COUNT
  }

  private static final RespType[] BY_BYTE = new RespType[128];

  static {
    for (RespType type : values()) {
      BY_BYTE[type.prefix] = type;
    }
  }

  private final char prefix;
  private final String reportedName;
  private final Framing framing;

  RespType(char prefix, String reportedName, Framing framing) {
    this.prefix = prefix;
    this.reportedName = reportedName;
    this.framing = framing;
  }

  /** The type a value starting with {@code b} has, or null when no type starts with it. */
  static @Nullable RespType of(int b) {
    return b >= 0 && b < BY_BYTE.length ? BY_BYTE[b] : null;
  }

  char prefix() {
    return prefix;
  }

  /** The name reported in {@code redis.response.type}. */
  String reportedName() {
    return reportedName;
  }

  Framing framing() {
    return framing;
  }

  boolean isAggregate() {
    return framing == Framing.COUNT || framing == Framing.PAIR_COUNT;
  }

  boolean isError() {
    return this == SIMPLE_ERROR || this == BULK_ERROR;
  }
}
