package io.sockscope.internal.stream;

/** Why bytes of a stream are missing. */
public enum GapCause {
  /**
   * The bytes never arrived: the record that carried them was dropped, for example because the
   * ring buffer was full.
   */
  LOST,
  /** The call moved more bytes than the capture cap, and the rest were not copied. */
  NOT_CAPTURED
}
