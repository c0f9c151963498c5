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
 * @param tlsLibrariesProbed TLS library files with probes attached ({@link Tracer#tlsLibraries()})
 * @param tlsLibrariesSkipped files that looked like TLS libraries but could not be probed; each
 *     reason is in {@code lossReasons} under {@code "tls: <path> not probed: <reason>"}
 * @param connectionsTls connections parsed from a TLS library's plaintext
 * @param tlsCallsUnattributed TLS calls whose plaintext was not reported because the kernel did
 *     not know their socket (a memory-BIO session seen before its first ciphertext write)
 * @param tlsBytesUnattributed the plaintext bytes of those calls
 * @param ciphertextBytesNotParsed socket bytes recognised as TLS records and not parsed
 * @param connectionsEncryptedWithoutPlaintext connections that closed having shown only TLS
 *     records: no probed library carried their plaintext (TLS off, or a library sockscope does
 *     not probe, such as Go's or Java's)
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
    int tlsLibrariesProbed,
    int tlsLibrariesSkipped,
    long connectionsTls,
    long tlsCallsUnattributed,
    long tlsBytesUnattributed,
    long ciphertextBytesNotParsed,
    long connectionsEncryptedWithoutPlaintext,
    Map<String, Long> lossReasons) {

  /**
   * Whether anything was lost: a record, a stream byte, a message, a connection's parsing, or a
   * TLS call's plaintext. Bytes deliberately not captured (past the capture cap) and ciphertext
   * do not count.
   */
  public boolean anyLoss() {
    return kernelRecordsLost + bytesLostInGaps + parseFailures + parserErrors + messagesDropped
        + bufferOverflows + callbackErrors + corruptRecords + recordsDroppedBehind + connectionsBypassed
        + tlsCallsUnattributed > 0;
  }
}
