package io.sockscope.internal.stream;

/** What {@link DataStream#add} and {@link DataStream#flushGaps} leave the stream in. */
public enum StreamStatus {
  /** The stream goes on. */
  OK,
  /**
   * The stream needed more memory than its own limit or the shared budget allows: it dropped
   * every byte it held and takes no more. The caller stops parsing the connection.
   */
  OVERFLOW
}
