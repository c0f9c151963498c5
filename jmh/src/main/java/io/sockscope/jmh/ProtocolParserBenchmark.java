package io.sockscope.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bundled parsers that netty has no decoder to compare with (PostgreSQL, MySQL/MariaDB,
 * Memcached text and binary, DNS over UDP and TCP), each on a connection recorded between a real
 * client and server ({@code recording}: see {@link Recording}).
 *
 * <p>One operation replays the recording into a new session, the reads as they were recorded
 * ({@link Delivery#PER_READ}), as the tracer feeds it ({@link SessionReplay}). The primary score
 * is replays per second; the {@code megabytes} and {@code exchanges} rates beside it are MB/s and
 * exchanges/s (see {@link ParsedThroughput}). A replay that does not complete every exchange of
 * the recording fails the benchmark.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ProtocolParserBenchmark {
  @Param({"PGBENCH_SIMPLE", "PGBENCH_PREPARED", "MARIADB_SLAP", "MEMCSLAP_TEXT", "MEMCSLAP_BINARY", "DIG_UDP", "DIG_TCP"})
  public Recording recording;

  private SessionReplay replay;

  @Setup
  public void setUp() {
    replay = new SessionReplay(recording, Delivery.PER_READ);
  }

  @Benchmark
  public int sockscope(ParsedThroughput counters) {
    return replay.replay(counters);
  }
}
