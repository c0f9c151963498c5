package io.sockscope.jmh;

/** How recorded bytes reach the decoder under test. */
public enum Delivery {
  /**
   * Each direction's bytes in one piece: every request of the conversation, then every response.
   * Measures the decoder alone, with the cost per call spread over the whole conversation.
   */
  ONE_BUFFER,
  /**
   * The reads as they were recorded, request and response interleaved (one message per read on a
   * keep-alive connection, one pipelined batch per read for Redis): the cost per call included, as
   * the tracer pays it per data record.
   */
  PER_READ
}
