package io.sockscope.spi;

/**
 * How sure a parser is that a connection speaks its protocol, judged from the first bytes
 * of one direction. The tracer opens a session with the parser that answers best; ties go
 * to the parser found first.
 */
public enum Inference {
  /** These bytes are not this protocol. */
  NO,
  /** Too few bytes to tell; ask again when more have arrived. */
  NEED_MORE_BYTES,
  /** Possible, for example only the port matches. */
  MAYBE,
  /** The bytes are a well-formed start of this protocol. */
  YES
}
