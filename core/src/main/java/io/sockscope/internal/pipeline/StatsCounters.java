package io.sockscope.internal.pipeline;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tracer's live counters, incremented by the ring reader and handler threads and read by
 * any thread. Each is a {@link LongAdder}: cheap to increment from several threads.
 */
public final class StatsCounters {
  public final LongAdder records = new LongAdder();
  public final LongAdder bytesCaptured = new LongAdder();
  public final LongAdder bytesLostInGaps = new LongAdder();
  public final LongAdder bytesNotCaptured = new LongAdder();
  public final LongAdder connectionsOpened = new LongAdder();
  public final LongAdder connectionsClosed = new LongAdder();
  public final LongAdder connectionsWithoutProtocol = new LongAdder();
  public final LongAdder exchanges = new LongAdder();
  public final LongAdder parseFailures = new LongAdder();
  public final LongAdder parserErrors = new LongAdder();
  public final LongAdder messagesDropped = new LongAdder();
  public final LongAdder bufferOverflows = new LongAdder();
  public final LongAdder callbackErrors = new LongAdder();
  public final LongAdder corruptRecords = new LongAdder();
  public final LongAdder connectionsBypassed = new LongAdder();
  public final LongAdder connectionsDisabledInKernel = new LongAdder();
  public final LongAdder recordsDroppedBehind = new LongAdder();
  public final LongAdder connectionsTls = new LongAdder();
  public final LongAdder ciphertextBytesNotParsed = new LongAdder();
  public final LongAdder connectionsEncryptedWithoutPlaintext = new LongAdder();

  /** How often each reason for a drop or a parse failure occurred, keyed "protocol: reason". */
  private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

  public void countReason(String protocol, String reason) {
    reasons.computeIfAbsent(protocol + ": " + reason, key -> new LongAdder()).increment();
  }

  public Map<String, Long> reasons() {
    ImmutableSortedMap.Builder<String, Long> snapshot = ImmutableSortedMap.naturalOrder();
    reasons.forEach((reason, count) -> snapshot.put(reason, count.sum()));
    return snapshot.build();
  }
}
