package io.sockscope.protocols.http;

/** What lost bytes did to one direction's decoder; see {@link HttpMessageDecoder#skip}. */
enum GapOutcome {
  /** The bytes fell inside a body of known length: skipped, framing kept. */
  SKIPPED_IN_BODY,
  /** A message whose start line had been read was cut; its rest is lost. */
  MESSAGE_CUT,
  /**
   * The bytes began at a message boundary: the start of at least one message is lost. A message
   * whose body ended inside the gap was completed first.
   */
  MESSAGE_START_LOST,
  /** The decoder was already looking for the next message start; nothing more was lost. */
  ALREADY_RESYNCING
}
