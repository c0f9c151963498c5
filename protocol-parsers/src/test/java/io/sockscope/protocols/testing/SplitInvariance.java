package io.sockscope.protocols.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.Exchange;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * However the bytes of a conversation are cut into calls, a session must report the same
 * exchanges, with the same timestamps and attribute values, and nothing else.
 */
public final class SplitInvariance {
  private SplitInvariance() {}

  /**
   * Replays {@code capture} whole, then with each call split in two at every offset, then one
   * byte per call, and asserts that every replay reports the same; returns what they reported.
   */
  public static Outcome assertSameWhateverTheSplit(Capture capture) {
    Outcome whole = Outcome.of(capture.replay());
    for (Capture.SplitPoint point : capture.splitPoints()) {
      assertEquals(whole, Outcome.of(capture.replaySplitAt(point)), "split at " + point);
    }
    assertEquals(whole, Outcome.of(capture.replayOneByteAtATime()), "one byte per call");
    return whole;
  }

  /** What a replay reported, in a form that compares by value. */
  public record Outcome(List<String> exchanges, List<String> dropped, List<String> unparseable, int tlsStarts) {
    public static Outcome of(RecordingContext context) {
      return new Outcome(
          context.exchanges.stream().map(Outcome::describe).toList(),
          List.copyOf(context.dropped),
          List.copyOf(context.unparseable),
          context.tlsStarts);
    }

    private static String describe(Exchange exchange) {
      Map<String, Object> sorted = new TreeMap<>(exchange.attributes());
      return exchange.summary() + " " + exchange.startNanos() + ".." + exchange.endNanos() + " " + sorted;
    }
  }
}
