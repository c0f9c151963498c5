package io.sockscope;

import java.util.Map;

/**
 * A snapshot of a tracer's counters, taken by {@link Tracer#stats()}. Immutable. Every byte,
 * record or message the tracer did not deliver shows up in one of the loss counters.
 *
 * @param attachMode the syscall backend in use ({@link AttachMode#AUTO} before start)
 * @param programsAttached eBPF programs attached
 * @param records records read from the kernel's ring buffer
 * @param bytesCaptured payload bytes copied by the kernel programs and read
 * @param kernelRecordsLost records the kernel could not put on the full ring buffer
 * @param kernelBytesLost the stream bytes those lost data records spanned
 * @param bytesLostInGaps stream bytes found missing (gaps in positions), as the parsers were told
 * @param bytesNotCaptured stream bytes not copied because a call moved more than the capture cap
 * @param connectionsOpened connections seen
 * @param connectionsClosed connections seen closing (or whose process exited)
 * @param connectionsWithoutProtocol connections no parser recognised
 * @param exchanges exchanges handed to the callback
 * @param parseFailures connections a parser gave up on (malformed bytes, lost framing, limits)
 * @param parserErrors exceptions thrown by parsers, each disabling its connection
 * @param messagesDropped messages seen in part that could not become an exchange
 * @param bufferOverflows connections dropped because they buffered more than the memory limits
 * @param callbackErrors exceptions thrown by the onMessage callback
 * @param corruptRecords records from the kernel too short or of an unknown kind, skipped
 * @param recordsDroppedBehind records dropped because the handlers were behind
 *     ({@link BackpressurePolicy#DROP})
 * @param connectionsBypassed connections whose bytes went through splice or io_uring, which
 *     sockscope does not capture: no longer parsed, rather than parsed wrong
 * @param connectionsDisabledInKernel connections the kernel stopped copying because nothing
 *     parses them
 * @param lossReasons how often each reason behind {@code parseFailures}, {@code parserErrors},
 *     {@code messagesDropped} and {@code bufferOverflows} occurred, keyed
 *     {@code "protocol: reason"} (for example {@code "http: response cut by a gap"})
 */
public record TracerStats(
    AttachMode attachMode,
    int programsAttached,
    long records,
    long bytesCaptured,
    long kernelRecordsLost,
    long kernelBytesLost,
    long bytesLostInGaps,
    long bytesNotCaptured,
    long connectionsOpened,
    long connectionsClosed,
    long connectionsWithoutProtocol,
    long exchanges,
    long parseFailures,
    long parserErrors,
    long messagesDropped,
    long bufferOverflows,
    long callbackErrors,
    long corruptRecords,
    long recordsDroppedBehind,
    long connectionsBypassed,
    long connectionsDisabledInKernel,
    Map<String, Long> lossReasons) {

  /**
   * Whether anything was lost: a record, a stream byte, a message, or a connection's parsing.
   * Bytes deliberately not captured (past the capture cap) do not count.
   */
  public boolean anyLoss() {
    return kernelRecordsLost + bytesLostInGaps + parseFailures + parserErrors + messagesDropped
        + bufferOverflows + callbackErrors + corruptRecords + recordsDroppedBehind + connectionsBypassed > 0;
  }
}
