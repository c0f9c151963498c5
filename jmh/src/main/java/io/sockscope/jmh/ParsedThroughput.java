package io.sockscope.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary results of the decoder benchmarks, reported by JMH as rates beside the primary score:
 * {@code megabytes} is MB/s (10^6 bytes) of recorded traffic decoded, both directions counted, and
 * {@code exchanges} is request/response pairs completed per second (for netty: responses fully
 * decoded, each of which answers one request decoded too). JMH prints them with the unit "ops/s".
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ParsedThroughput {
  public double megabytes;
  public long exchanges;

  @Setup(Level.Iteration)
  public void reset() {
    megabytes = 0;
    exchanges = 0;
  }

  void add(long bytes, int exchangesCompleted) {
    megabytes += bytes / 1e6;
    exchanges += exchangesCompleted;
  }
}
