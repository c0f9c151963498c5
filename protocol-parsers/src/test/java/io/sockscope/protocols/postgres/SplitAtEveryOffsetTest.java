package io.sockscope.protocols.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sockscope.Role;
import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.SplitInvariance;
import java.util.List;
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

  static Stream<Arguments> recorded() {
    List<String> names = List.of("psql-scram-statements", "psql-md5-two-statements", "psql-cleartext",
        "pgbench-prepared", "pgbench-extended", "psql-ssl-refused", "psql-ssl-accepted");
    return names.stream().flatMap(name -> Stream.of(Role.SERVER, Role.UNKNOWN).map(role -> Arguments.of(
        Named.of(name + " " + role, PgConnections.recorded(name).asStream(new PostgresParser(), PgConnections.of(role))))));
  }

  static Stream<Arguments> asBackend() {
    return Stream.of("psql-scram-statements", "pgbench-prepared").map(name ->
        Arguments.of(Named.of(name, PgConnections.asBackend(PgConnections.recorded(name)))));
  }

  @ParameterizedTest
  @MethodSource("asBackend")
  void onABackendsSocketTheSameExchangesComeWhateverTheSplit(Capture capture) {
    assertFalse(SplitInvariance.assertSameWhateverTheSplit(capture).exchanges().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("recorded")
  void recordedConversationsGiveTheSameExchangesWhateverTheSplit(Capture capture) {
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture);
    assertFalse(outcome.exchanges().isEmpty() && outcome.tlsStarts() == 0);
  }

  static Stream<Arguments> synthetic() {
    return SyntheticConversations.all().entrySet().stream()
        .map(entry -> Arguments.of(Named.of(entry.getKey(), entry.getValue())));
  }

  @ParameterizedTest
  @MethodSource("synthetic")
  void errorsCancelsAndGapsGiveTheSameOutcomeWhateverTheSplit(Capture capture) {
    SplitInvariance.assertSameWhateverTheSplit(capture);
  }

  @ParameterizedTest
  @MethodSource("largeRows")
  void aLargeRowInManyCallsGivesTheSameExchangeWhateverTheSplit(Capture capture) {
    SplitInvariance.assertSameWhateverTheSplit(capture);
  }

  static Stream<Arguments> largeRows() {
    return Stream.of(Arguments.of(Named.of("12 KiB row in 1 KiB calls", SyntheticConversations.largeRow(12 * 1024, 1024))));
  }
}
