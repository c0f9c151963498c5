package io.sockscope.protocols.memcached;

import java.nio.ByteBuffer;

/**
 * The parse state of a connection once its dialect, text or binary, is known, with the bytes
 * already sorted into the direction that carries requests and the one that carries replies.
 */
interface DialectSession {

  /** Decodes what it can of the request direction's unconsumed bytes; returns how many it used. */
  int onRequestBytes(ByteBuffer data, ArrivalClock clock);

  /** Decodes what it can of the reply direction's unconsumed bytes; returns how many it used. */
  int onReplyBytes(ByteBuffer data, ArrivalClock clock);

  void onRequestGap(long length, long timestampNanos);

  void onReplyGap(long length, long timestampNanos);

  void onClose(long timestampNanos);
}
