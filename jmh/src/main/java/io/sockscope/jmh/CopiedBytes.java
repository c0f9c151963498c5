package io.sockscope.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The secondary result of the ring reader benchmark: {@code megabytes} is MB/s (10^6 bytes) of
 * record samples copied out of the ring, headers and padding left out. JMH prints it with the unit
 * "ops/s".
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class CopiedBytes {
  public double megabytes;

  @Setup(Level.Iteration)
  public void reset() {
    megabytes = 0;
  }
}
