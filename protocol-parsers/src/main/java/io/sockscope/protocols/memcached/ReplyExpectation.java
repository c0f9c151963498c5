package io.sockscope.protocols.memcached;

/** Whether the server answers a request. */
enum ReplyExpectation {
  /** A response always comes. */
  ALWAYS,
  /** No response comes: a text {@code noreply} command or {@code quit}. */
  NEVER,
  /**
   * A response comes only for some outcomes: binary quiet opcodes (GETQ answers a hit, SETQ an
   * error), meta commands with the {@code q} flag. The next always-answered request (NOOP, mn)
   * tells that the server passed it without a word.
   */
  SOMETIMES
}
