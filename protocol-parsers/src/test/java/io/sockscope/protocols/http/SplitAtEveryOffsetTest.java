package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.SplitInvariance;
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
  void splittingAnyCallAtAnyOffsetOrFeedingOneByteAtATimeChangesNothing(Capture capture) {
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture);
    assertFalse(outcome.exchanges().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("gapConversations")
  void splittingAroundGapsChangesNothing(Capture capture) {
    SplitInvariance.assertSameWhateverTheSplit(capture);
  }

  static Stream<Arguments> gapConversations() {
    return Stream.of(
        Arguments.of(Named.of("gap inside a body", GapConversations.gapInsideALargeBody())),
        Arguments.of(
            Named.of("gap inside response headers", GapConversations.gapInsideResponseHeaders())),
        Arguments.of(
            Named.of("gap inside request headers", GapConversations.gapInsideRequestHeaders())));
  }
}
