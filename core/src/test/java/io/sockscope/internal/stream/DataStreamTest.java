package io.sockscope.internal.stream;

import static io.sockscope.internal.stream.RecordingConsumer.CONSUME_ALL;
import static io.sockscope.internal.stream.RecordingConsumer.CONSUME_LINES;
import static io.sockscope.internal.stream.RecordingConsumer.CONSUME_NOTHING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataStreamTest {
  private final MemoryBudget budget = new MemoryBudget(1 << 20);
  private final DataStream stream = new DataStream(1024, budget);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Adds a fully captured chunk. */
  private static StreamStatus add(
      DataStream stream, long position, String text, long timestamp, StreamConsumer consumer) {
    byte[] data = bytes(text);
    return stream.add(position, data, 0, data.length, data.length, timestamp, consumer);
  }

  @Test
  void inOrderChunksAreDeliveredConcatenated() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);

    assertEquals(StreamStatus.OK, add(stream, 0, "GET ", 1, consumer));
    assertEquals(StreamStatus.OK, add(stream, 4, "/ HTTP/1.1", 2, consumer));

    assertEquals(List.of("data@1:GET ", "data@2:GET / HTTP/1.1"), consumer.events);
    assertEquals(14, stream.bytesDelivered());
    assertEquals(14, stream.bufferedBytes());
    assertEquals(14, stream.expectedPosition());
    assertEquals(14, budget.reservedBytes());
  }

  @Test
  void consumedBytesAreReleasedToTheBudget() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);

    add(stream, 0, "abc", 1, consumer);
    add(stream, 3, "def", 2, consumer);

    assertEquals(List.of("data@1:abc", "data@2:def"), consumer.events);
    assertEquals(0, stream.bufferedBytes());
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void partlyConsumedBytesAreOfferedAgainWithTheNewOnes() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_LINES);

    add(stream, 0, "line1\nli", 1, consumer);
    add(stream, 8, "ne2\nline", 2, consumer);
    add(stream, 16, "3\n", 3, consumer);

    assertEquals(
        List.of("data@1:line1\nli", "data@2:line2\nline", "data@3:line3\n"), consumer.events);
    assertEquals(18, stream.bytesDelivered());
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void uncapturedTailIsAGapAfterTheDataAndDiscardsTheUnconsumedBytes() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);
    byte[] head = bytes("abcd");

    assertEquals(StreamStatus.OK, stream.add(0, head, 0, 4, 10, 5, consumer));
    assertEquals(StreamStatus.OK, add(stream, 10, "xyz", 6, consumer));

    assertEquals(List.of("data@5:abcd", "gap@5:NOT_CAPTURED:6", "data@6:xyz"), consumer.events);
    assertEquals(13, stream.expectedPosition());
    assertEquals(6, stream.bytesNotCaptured());
    assertEquals(0, stream.bytesLost());
    assertEquals(1, stream.gaps());
    assertEquals(7, stream.bytesDelivered());
    assertEquals(3, budget.reservedBytes());
  }

  @Test
  void chunkWithNothingCapturedIsOnlyAGap() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);

    stream.add(100, new byte[0], 0, 0, 4096, 7, consumer);

    assertEquals(List.of("gap@7:NOT_CAPTURED:4096"), consumer.events);
    assertEquals(4196, stream.expectedPosition());
  }

  @Test
  void capturedRangeTakenFromTheMiddleOfTheSourceArray() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
    byte[] record = bytes("HEADERpayloadTRAILER");

    stream.add(0, record, 6, 7, 7, 1, consumer);

    assertEquals(List.of("data@1:payload"), consumer.events);
  }

  @Test
  void outOfOrderPairIsReorderedWithoutAGap() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);
    add(stream, 0, "ab", 1, consumer);

    assertEquals(StreamStatus.OK, add(stream, 5, "fghij", 3, consumer));
    assertEquals(1, stream.pendingChunks());
    assertEquals(2 + 5, budget.reservedBytes());
    assertEquals(StreamStatus.OK, add(stream, 2, "cde", 2, consumer));

    assertEquals(List.of("data@1:ab", "data@2:abcde", "data@3:abcdefghij"), consumer.events);
    assertEquals(0, stream.gaps());
    assertEquals(0, stream.pendingChunks());
    assertEquals(10, stream.expectedPosition());
    assertEquals(10, budget.reservedBytes());
  }

  @Test
  void everySplitPointArrivingBackwardsIsReassembled() {
    String message = "GET /index.html HTTP/1.1\r\nHost: example\r\n\r\n";
    for (int split = 1; split < message.length(); split++) {
      MemoryBudget ownBudget = new MemoryBudget(1 << 16);
      DataStream reordered = new DataStream(1024, ownBudget);
      RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
      add(reordered, 1000, "x", 0, consumer); // the stream starts at 1000

      add(reordered, 1001 + split, message.substring(split), 2, consumer);
      add(reordered, 1001, message.substring(0, split), 1, consumer);

      assertEquals("x" + message, consumer.dataText(), "split at " + split);
      assertEquals(0, reordered.gaps(), "split at " + split);
      assertEquals(0, ownBudget.reservedBytes(), "split at " + split);
    }
  }

  @Test
  void holeNeverFilledIsLostWhenGapsAreFlushed() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);
    add(stream, 0, "ab", 1, consumer);
    add(stream, 5, "fg", 2, consumer);
    add(stream, 9, "j", 3, consumer);

    assertEquals(StreamStatus.OK, stream.flushGaps(9, consumer));

    assertEquals(
        List.of("data@1:ab", "gap@9:LOST:3", "data@2:fg", "gap@9:LOST:2", "data@3:j"),
        consumer.events);
    assertEquals(5, stream.bytesLost());
    assertEquals(2, stream.gaps());
    assertEquals(10, stream.expectedPosition());
    assertEquals(0, stream.pendingChunks());
    assertEquals(1, budget.reservedBytes()); // "j" is unconsumed, "ab" and "fg" went with gaps
  }

  @Test
  void holeIsLostWhenThePendingChunksOverflow() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
    add(stream, 0, "a", 1, consumer);
    for (int i = 0; i < DataStream.MAX_PENDING_CHUNKS; i++) {
      add(stream, 10 + i, String.valueOf((char) ('k' + i)), 20 + i, consumer);
    }
    assertEquals(DataStream.MAX_PENDING_CHUNKS, stream.pendingChunks());
    assertEquals(List.of("data@1:a"), consumer.events);

    assertEquals(StreamStatus.OK, add(stream, 18, "s", 30, consumer));

    assertEquals(
        List.of(
            "data@1:a", "gap@20:LOST:9", "data@20:k", "data@21:l", "data@22:m", "data@23:n",
            "data@24:o", "data@25:p", "data@26:q", "data@27:r", "data@30:s"),
        consumer.events);
    assertEquals(9, stream.bytesLost());
    assertEquals(1, stream.gaps());
    assertEquals(19, stream.expectedPosition());
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void chunkEarlierThanAFullPendingSetClosesOnlyTheHoleBeforeIt() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
    add(stream, 0, "a", 1, consumer);
    for (int i = 0; i < DataStream.MAX_PENDING_CHUNKS; i++) {
      add(stream, 10 + i, "k", 20, consumer);
    }

    add(stream, 5, "fghij", 2, consumer);

    assertEquals("afghij" + "k".repeat(DataStream.MAX_PENDING_CHUNKS), consumer.dataText());
    assertEquals(
        List.of("data@1:a", "gap@2:LOST:4", "data@2:fghij"), consumer.events.subList(0, 3));
    assertEquals(4, stream.bytesLost());
  }

  @Test
  void duplicateChunkIsIgnoredAndOverlapContributesOnlyItsNewPart() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
    add(stream, 0, "abc", 1, consumer);

    assertEquals(StreamStatus.OK, add(stream, 0, "abc", 2, consumer));
    assertEquals(StreamStatus.OK, add(stream, 1, "bcde", 3, consumer));

    assertEquals(List.of("data@1:abc", "data@3:de"), consumer.events);
    assertEquals(3 + 2, stream.duplicateBytes());
    assertEquals(5, stream.bytesDelivered());
    assertEquals(5, stream.expectedPosition());
  }

  @Test
  void overlapIntoAnUncapturedTailReportsOnlyTheNewPart() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
    stream.add(0, bytes("ab"), 0, 2, 5, 1, consumer);

    add(stream, 3, "xyzw", 2, consumer);

    assertEquals(List.of("data@1:ab", "gap@1:NOT_CAPTURED:3", "data@2:zw"), consumer.events);
    assertEquals(2, stream.duplicateBytes());
    assertEquals(7, stream.expectedPosition());
  }

  @Test
  void streamStartingMidWayReportsNoGap() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);

    add(stream, 1000, "HTTP/1.1 200 OK\r\n", 1, consumer);
    add(stream, 1017, "\r\n", 2, consumer);

    assertEquals(List.of("data@1:HTTP/1.1 200 OK\r\n", "data@2:\r\n"), consumer.events);
    assertEquals(0, stream.gaps());
    assertEquals(1019, stream.expectedPosition());
  }

  @Test
  void streamsWhoseConsumerTakesEverythingHoldNoParseBuffer() {
    SharedParseBuffer shared = new SharedParseBuffer();
    DataStream first = new DataStream(1024, budget, shared);
    DataStream second = new DataStream(1024, budget, shared);
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);

    add(first, 0, "GET / HTTP/1.1\r\n\r\n", 1, consumer);
    add(second, 0, "HTTP/1.1 204 No Content\r\n\r\n", 2, consumer);
    add(first, 18, "GET /a HTTP/1.1\r\n\r\n", 3, consumer);

    assertEquals(
        List.of(
            "data@1:GET / HTTP/1.1\r\n\r\n",
            "data@2:HTTP/1.1 204 No Content\r\n\r\n",
            "data@3:GET /a HTTP/1.1\r\n\r\n"),
        consumer.events);
    assertEquals(0, first.bufferCapacity());
    assertEquals(0, second.bufferCapacity());
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void streamsSharingAParseBufferKeepTheirOwnLeftovers() {
    SharedParseBuffer shared = new SharedParseBuffer();
    DataStream first = new DataStream(1024, budget, shared);
    DataStream second = new DataStream(1024, budget, shared);
    RecordingConsumer firstConsumer = new RecordingConsumer(CONSUME_LINES);
    RecordingConsumer secondConsumer = new RecordingConsumer(CONSUME_LINES);

    add(first, 0, "one\ntw", 1, firstConsumer);
    add(second, 0, "uno\ndo", 2, secondConsumer);
    add(first, 6, "o\nthree\n", 3, firstConsumer);
    add(second, 6, "s\n", 4, secondConsumer);
    add(first, 14, "four\n", 5, firstConsumer);

    assertEquals(
        List.of("data@1:one\ntw", "data@3:two\nthree\n", "data@5:four\n"), firstConsumer.events);
    assertEquals(List.of("data@2:uno\ndo", "data@4:dos\n"), secondConsumer.events);
    assertEquals(0, first.bufferedBytes());
    assertEquals(0, second.bufferedBytes());
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void aChunkOfferedInPiecesKeepsWhatEachPieceLeaves() {
    DataStream small = new DataStream(10, budget, new SharedParseBuffer());
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_LINES);

    assertEquals(StreamStatus.OK, add(small, 0, "ab\ncdefghij\nkl", 1, consumer));

    assertEquals(
        List.of("data@1:ab\ncdefghi", "data@1:cdefghij\nk", "data@1:kl"), consumer.events);
    assertEquals(2, small.bufferedBytes());
    assertEquals(2, budget.reservedBytes());
  }

  @Test
  void consumerThatThrowsLeavesNothingReservedAndTheSharedBufferFree() {
    SharedParseBuffer shared = new SharedParseBuffer();
    DataStream throwing = new DataStream(1024, budget, shared);
    DataStream other = new DataStream(1024, budget, shared);
    StreamConsumer failing =
        new StreamConsumer() {
          @Override
          public int onData(java.nio.ByteBuffer data, long timestampNanos) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void onGap(long length, GapCause cause, long timestampNanos) {}
        };
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);

    assertThrows(IllegalStateException.class, () -> add(throwing, 0, "abc", 1, failing));

    assertEquals(0, budget.reservedBytes());
    assertEquals(StreamStatus.OK, add(other, 0, "def", 2, consumer));
    assertEquals(List.of("data@2:def"), consumer.events);
  }

  @Test
  void chunkLargerThanTheBufferIsOfferedInPieces() {
    DataStream small = new DataStream(4, budget);
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);

    assertEquals(StreamStatus.OK, add(small, 0, "abcdefghij", 1, consumer));

    assertEquals(List.of("data@1:abcd", "data@1:efgh", "data@1:ij"), consumer.events);
    assertEquals(10, small.bytesDelivered());
  }

  @Test
  void bufferGrowsPastItsInitialCapacityKeepingEveryByte() {
    DataStream large = new DataStream(3 * DataStream.INITIAL_CAPACITY, budget);
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; expected.length() < 2 * DataStream.INITIAL_CAPACITY + 100; i++) {
      String chunk = i + ":" + "x".repeat(i % 97) + ";";
      assertEquals(StreamStatus.OK, add(large, expected.length(), chunk, i, consumer));
      expected.append(chunk);
    }

    String last = consumer.events.get(consumer.events.size() - 1);
    assertEquals(expected.toString(), last.substring(last.indexOf(':') + 1));
    assertEquals(expected.length(), large.bufferedBytes());
    assertEquals(expected.length(), budget.reservedBytes());
  }

  @Test
  void unconsumedBytesBeyondTheLimitOverflowAndReleaseTheBudget() {
    DataStream small = new DataStream(8, budget);
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);
    add(small, 0, "12345", 1, consumer);
    add(small, 100, "late", 3, consumer); // held out of order
    assertEquals(5 + 4, budget.reservedBytes());

    assertEquals(StreamStatus.OVERFLOW, add(small, 5, "6789", 2, consumer));

    assertEquals(List.of("data@1:12345", "data@2:12345678"), consumer.events);
    assertEquals(8 + 4 + 1, small.overflowBytes());
    assertTrue(small.overflowed());
    assertEquals(0, small.bufferedBytes());
    assertEquals(0, small.pendingChunks());
    assertEquals(0, budget.reservedBytes());

    assertEquals(StreamStatus.OVERFLOW, add(small, 9, "more", 4, consumer));
    assertEquals(StreamStatus.OVERFLOW, small.flushGaps(5, consumer));
    assertEquals(8 + 4 + 1 + 4, small.overflowBytes());
    assertEquals(2, consumer.events.size());
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void budgetSharedByTwoStreamsRefusesBeyondItsTotal() {
    MemoryBudget shared = new MemoryBudget(10);
    DataStream first = new DataStream(100, shared);
    DataStream second = new DataStream(100, shared);
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);

    assertEquals(StreamStatus.OK, add(first, 0, "123456", 1, consumer));
    assertEquals(StreamStatus.OK, add(second, 0, "abcd", 2, consumer));
    assertEquals(10, shared.reservedBytes());
    assertEquals(StreamStatus.OVERFLOW, add(second, 4, "e", 3, consumer));

    assertEquals(5, second.overflowBytes());
    assertEquals(6, shared.reservedBytes());
    assertEquals(StreamStatus.OK, add(first, 6, "7890", 4, consumer));
    assertEquals(10, shared.reservedBytes());

    first.close();
    assertEquals(0, shared.reservedBytes());
  }

  @Test
  void budgetRefusingAnOutOfOrderCopyDeclaresTheHoleBeforeTheHeldChunks() {
    MemoryBudget tight = new MemoryBudget(4);
    DataStream limited = new DataStream(100, tight);
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
    add(limited, 0, "ab", 1, consumer);
    add(limited, 4, "ef", 2, consumer); // held: 2 of the 4 bytes reserved

    assertEquals(StreamStatus.OK, add(limited, 10, "klm", 3, consumer)); // 3 do not fit
    assertEquals(List.of("data@1:ab", "gap@2:LOST:2", "data@2:ef"), consumer.events);
    assertEquals(1, limited.pendingChunks()); // the hole is gone, so "klm" fit after all
    assertEquals(3, tight.reservedBytes());

    assertEquals(StreamStatus.OK, limited.flushGaps(9, consumer));
    assertEquals(
        List.of("data@1:ab", "gap@2:LOST:2", "data@2:ef", "gap@9:LOST:4", "data@3:klm"),
        consumer.events);
    assertEquals(6, limited.bytesLost());
    assertEquals(0, tight.reservedBytes());
  }

  @Test
  void closeReleasesEverythingOnceAndRefusesMoreChunks() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_NOTHING);
    add(stream, 0, "buffered", 1, consumer);
    add(stream, 20, "pending", 2, consumer);
    assertEquals(15, budget.reservedBytes());

    stream.close();
    stream.close();

    assertEquals(0, budget.reservedBytes());
    assertThrows(IllegalStateException.class, () -> add(stream, 8, "x", 3, consumer));
  }

  @Test
  void consumerClaimingMoreThanOfferedIsRejected() {
    RecordingConsumer greedy = new RecordingConsumer(data -> data.remaining() + 1);

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> add(stream, 0, "abc", 1, greedy));

    assertEquals("stream consumer claimed 4 bytes of the 3 offered", error.getMessage());
  }

  @Test
  void rejectsChunksThatDescribeNoStream() {
    RecordingConsumer consumer = new RecordingConsumer(CONSUME_ALL);
    byte[] data = bytes("abc");

    assertThrows(IllegalArgumentException.class, () -> stream.add(0, data, 0, 3, 2, 1, consumer));
    assertThrows(IllegalArgumentException.class, () -> stream.add(-1, data, 0, 3, 3, 1, consumer));
    assertThrows(
        IndexOutOfBoundsException.class, () -> stream.add(0, data, 1, 3, 3, 1, consumer));
    assertThrows(IllegalArgumentException.class, () -> new DataStream(0, budget));
  }
}
