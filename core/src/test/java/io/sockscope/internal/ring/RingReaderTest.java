package io.sockscope.internal.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingReaderTest {
  private static final int SIZE = 256;

  private final SyntheticRing ring = new SyntheticRing(SIZE);
  private final RingReader reader = ring.reader();
  private final List<byte[]> received = new ArrayList<>();
  private final List<Integer> offsets = new ArrayList<>();
  private final RecordSink collect =
      (data, offset, length) -> {
        byte[] copy = new byte[length];
        data.get(offset, copy);
        received.add(copy);
        offsets.add(offset);
      };

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private List<String> receivedText() {
    List<String> texts = new ArrayList<>();
    for (byte[] sample : received) {
      texts.add(new String(sample, StandardCharsets.US_ASCII));
    }
    return texts;
  }

  @Test
  void emptyRingDeliversNothing() {
    assertFalse(reader.hasData());
    assertEquals(0, reader.drain(collect));
    assertEquals(List.of(), received);
    assertEquals(0, ring.consumerPosition());
  }

  @Test
  void deliversCommittedRecordsInOrder() {
    ring.submit(bytes("a"));
    ring.submit(bytes("12345678"));
    ring.submit(bytes("thirteen char"));
    assertTrue(reader.hasData());

    assertEquals(3, reader.drain(collect));

    assertEquals(List.of("a", "12345678", "thirteen char"), receivedText());
    assertEquals(List.of(8, 24, 40), offsets);
    assertFalse(reader.hasData());
  }

  @Test
  void consumerPositionIsTheSumOfRoundedRecordSizes() {
    ring.submit(new byte[1]); // 8 + 1 -> 16
    ring.submit(new byte[8]); // 8 + 8 -> 16
    assertEquals(2, reader.drain(collect));
    assertEquals(32, ring.consumerPosition());

    ring.submit(new byte[13]); // 8 + 13 -> 24
    ring.submit(new byte[0]); // 8 + 0 -> 8
    assertEquals(2, reader.drain(collect));
    assertEquals(32 + 24 + 8, ring.consumerPosition());
    assertEquals(ring.producerPosition(), ring.consumerPosition());
  }

  @Test
  void busyRecordStopsTheDrainUntilItIsCommitted() {
    ring.submit(bytes("first"));
    long busy = ring.reserve(bytes("second"));
    ring.submit(bytes("third"));

    assertEquals(1, reader.drain(collect));
    assertEquals(List.of("first"), receivedText());
    assertEquals(busy, ring.consumerPosition());
    assertTrue(reader.hasData());

    ring.commit(busy);
    assertEquals(2, reader.drain(collect));
    assertEquals(List.of("first", "second", "third"), receivedText());
    assertEquals(ring.producerPosition(), ring.consumerPosition());
  }

  @Test
  void discardedRecordIsSkippedButConsumed() {
    ring.submit(bytes("kept"));
    ring.discard(bytes("dropped by the producer"));
    ring.submit(bytes("also kept"));

    assertEquals(2, reader.drain(collect));

    assertEquals(List.of("kept", "also kept"), receivedText());
    assertEquals(16 + 32 + 24, ring.consumerPosition());
  }

  @Test
  void onlyDiscardedRecordsDeliverNothingButAdvance() {
    ring.discard(bytes("x"));
    ring.discard(bytes("y"));

    assertEquals(0, reader.drain(collect));

    assertEquals(32, ring.consumerPosition());
    assertFalse(reader.hasData());
  }

  @Test
  void recordThatWrapsAroundTheEndIsDeliveredIntact() {
    ring.skip(SIZE - 16); // the next header sits 16 bytes before the end of the data area
    byte[] sample = new byte[40];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = (byte) (i * 7 + 1);
    }
    ring.submit(sample);

    assertEquals(1, reader.drain(collect));

    assertArrayEquals(sample, received.get(0));
    assertEquals(List.of(SIZE - 16 + 8), offsets); // 8 sample bytes before the end, 32 after
    assertEquals(SIZE - 16 + 48, ring.consumerPosition());
  }

  @Test
  void headerThatWrapsIntoTheSecondHalfKeepsPositionsGrowing() {
    ring.skip(3L * SIZE + SIZE - 8); // positions grow forever; only the offset wraps
    ring.submit(bytes("header is the last 8 bytes"));
    ring.submit(bytes("then from the start"));

    assertEquals(2, reader.drain(collect));

    assertEquals(List.of("header is the last 8 bytes", "then from the start"), receivedText());
    assertEquals(List.of(SIZE, 32 + 8), offsets);
    assertEquals(ring.producerPosition(), ring.consumerPosition());
  }

  @Test
  void lengthLargerThanTheRingIsCorruptionAndDoesNotAdvance() {
    ring.submit(bytes("good"));
    long bad = ring.submit(bytes("soon corrupt"));
    ring.writeHeader(bad, SIZE - 7);

    RingCorruptedException error =
        assertThrows(RingCorruptedException.class, () -> reader.drain(collect));

    assertEquals(List.of("good"), receivedText());
    assertEquals(bad, ring.consumerPosition());
    assertTrue(error.getMessage().contains("consumer position 16"), error.getMessage());
    assertTrue(error.getMessage().contains(String.valueOf(SIZE - 7)), error.getMessage());
  }

  @Test
  void recordReachingPastTheProducerIsCorruptionAndDoesNotAdvance() {
    long bad = ring.submit(bytes("short"));
    ring.writeHeader(bad, 40); // 48 bytes claimed, 16 produced

    RingCorruptedException error =
        assertThrows(RingCorruptedException.class, () -> reader.drain(collect));

    assertEquals(List.of(), received);
    assertEquals(0, ring.consumerPosition());
    assertTrue(error.getMessage().contains("ends at 48"), error.getMessage());
    assertTrue(error.getMessage().contains("producer position 16"), error.getMessage());
  }

  @Test
  void largestSampleTheRingCanHoldIsNotCorruption() {
    byte[] sample = new byte[SIZE - RingReader.HEADER_SIZE];
    sample[0] = 1;
    sample[sample.length - 1] = 2;
    ring.skip(SIZE / 2);
    ring.submit(sample);

    assertEquals(1, reader.drain(collect));

    assertArrayEquals(sample, received.get(0));
    assertEquals(SIZE / 2 + SIZE, ring.consumerPosition());
  }

  @Test
  void keepsDrainingRecordsCommittedDuringTheDrain() {
    ring.submit(bytes("before"));
    RecordSink producingSink =
        (data, offset, length) -> {
          collect.accept(data, offset, length);
          if (received.size() == 1) {
            ring.submit(bytes("during"));
          }
        };

    assertEquals(2, reader.drain(producingSink));

    assertEquals(List.of("before", "during"), receivedText());
    assertEquals(32, ring.consumerPosition());
  }

  @Test
  void sinkFailureLeavesTheRecordUnconsumed() {
    ring.submit(bytes("one"));
    ring.submit(bytes("two"));
    RecordSink failOnSecond =
        (data, offset, length) -> {
          if (!received.isEmpty()) {
            throw new IllegalStateException("sink full");
          }
          collect.accept(data, offset, length);
        };

    assertThrows(IllegalStateException.class, () -> reader.drain(failOnSecond));
    assertEquals(16, ring.consumerPosition());

    assertEquals(1, reader.drain(collect));
    assertEquals(List.of("one", "two"), receivedText());
  }

  @Test
  void sinkSeesTheDataAreaReadOnly() {
    ring.submit(bytes("x"));
    reader.drain((data, offset, length) -> assertTrue(data.isReadOnly()));
    assertEquals(16, ring.consumerPosition());
  }

  @Test
  void readsProducerPageAndDataMappedReadOnly() {
    RingReader readOnly =
        new RingReader(
            ring.consumerPage, ring.producerPage.asReadOnlyBuffer(), ring.data.asReadOnlyBuffer(),
            SIZE);
    ring.submit(bytes("kernel maps these PROT_READ"));

    assertEquals(1, readOnly.drain(collect));

    assertEquals(List.of("kernel maps these PROT_READ"), receivedText());
    assertEquals(40, ring.consumerPosition());
  }

  @Test
  void rejectsRegionsThatCannotBeARing() {
    ByteBuffer page = SyntheticRing.aligned(64);
    ByteBuffer data = SyntheticRing.aligned(2 * SIZE);

    IllegalArgumentException notPowerOfTwo =
        assertThrows(IllegalArgumentException.class, () -> new RingReader(page, page, data, 96));
    assertTrue(notPowerOfTwo.getMessage().contains("power of two"));

    IllegalArgumentException tooSmall =
        assertThrows(
            IllegalArgumentException.class, () -> new RingReader(page, page, data, 2 * SIZE));
    assertTrue(tooSmall.getMessage().contains("data area must hold at least 1024 bytes"));

    IllegalArgumentException heap =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RingReader(ByteBuffer.allocate(64), page, data, SIZE));
    assertTrue(heap.getMessage().contains("consumer page must be a direct buffer"));

    IllegalArgumentException readOnly =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RingReader(page.asReadOnlyBuffer(), page, data, SIZE));
    assertTrue(readOnly.getMessage().contains("consumer page must be writable"));

    IllegalArgumentException misaligned =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RingReader(page, page.slice(4, 16), data, SIZE));
    assertTrue(misaligned.getMessage().contains("producer page must start on an 8-byte"));
  }
}
