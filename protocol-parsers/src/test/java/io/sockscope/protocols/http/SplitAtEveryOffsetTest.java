package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sockscope.Exchange;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * However the bytes of a conversation are cut into calls, the same exchanges come out, with the
 * same timestamps and attribute values, and nothing else is reported.
 */
class SplitAtEveryOffsetTest {

  static Stream<Arguments> conversations() {
    return Conversations.all().entrySet().stream()
        .map(entry -> Arguments.of(Named.of(entry.getKey(), entry.getValue())));
  }

  @ParameterizedTest
  @MethodSource("conversations")
  void splittingAnyCallInTwoAtAnyOffsetChangesNothing(Capture capture) {
    Outcome whole = Outcome.of(capture.replay());
    assertFalse(whole.exchanges().isEmpty());

    for (Capture.SplitPoint point : capture.splitPoints()) {
      assertEquals(whole, Outcome.of(capture.replaySplitAt(point)), "split at " + point);
    }
  }

  @ParameterizedTest
  @MethodSource("conversations")
  void feedingOneByteAtATimeChangesNothing(Capture capture) {
    assertEquals(Outcome.of(capture.replay()), Outcome.of(capture.replayOneByteAtATime()));
  }

  @ParameterizedTest
  @MethodSource("gapConversations")
  void splittingAroundGapsChangesNothing(Capture capture) {
    Outcome whole = Outcome.of(capture.replay());

    for (Capture.SplitPoint point : capture.splitPoints()) {
      assertEquals(whole, Outcome.of(capture.replaySplitAt(point)), "split at " + point);
    }
    assertEquals(whole, Outcome.of(capture.replayOneByteAtATime()));
  }

  static Stream<Arguments> gapConversations() {
    return Stream.of(
        Arguments.of(Named.of("gap inside a body", GapConversations.gapInsideALargeBody())),
        Arguments.of(
            Named.of("gap inside response headers", GapConversations.gapInsideResponseHeaders())),
        Arguments.of(
            Named.of("gap inside request headers", GapConversations.gapInsideRequestHeaders())));
  }

  /** What a replay reported, in a form that compares by value. */
  record Outcome(List<String> exchanges, List<String> dropped, List<String> unparseable) {
    static Outcome of(RecordingContext context) {
      return new Outcome(
          context.exchanges.stream().map(Outcome::describe).toList(),
          context.dropped,
          context.unparseable);
    }

    private static String describe(Exchange exchange) {
      Map<String, Object> sorted = new TreeMap<>(exchange.attributes());
      return exchange.summary()
          + " "
          + exchange.startNanos()
          + ".."
          + exchange.endNanos()
          + " "
          + sorted;
    }
  }
}
