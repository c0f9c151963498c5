package io.sockscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The builder rejects each bad value at the call that sets it, with a message naming the limit. */
class TracerBuilderTest {
  private static void rejected(String messagePart, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  @Test
  void rejectsOutOfRangeValuesWhereTheyAreSet() {
    rejected("pid must be positive", () -> Tracer.builder().pids(0));
    rejected("port must be 1 to 65535", () -> Tracer.builder().ports(65536));
    rejected("port must be 1 to 65535", () -> Tracer.builder().ports(0));
    rejected("captureBytesPerCall must be 0 to 983040", () -> Tracer.builder().captureBytesPerCall(983041));
    rejected("captureBytesPerCall must be 0 to 983040", () -> Tracer.builder().captureBytesPerCall(-1));
    rejected("power of two", () -> Tracer.builder().ringBufferBytes(5000));
    rejected("power of two", () -> Tracer.builder().eventQueueSize(100));
    rejected("handlerThreads must be 1 to 64", () -> Tracer.builder().handlerThreads(0));
    rejected("maxBufferedBytesPerStream", () -> Tracer.builder().maxBufferedBytesPerStream(100));
    rejected("at least one parser", () -> Tracer.builder().parsers());
    rejected("not a cgroup", () -> Tracer.builder().cgroups(java.nio.file.Path.of("/nonexistent-cgroup")));
    rejected("not a cgroup v2 directory", () -> Tracer.builder().cgroups(java.nio.file.Path.of("/tmp")));
  }

  @Test
  void rejectsMoreThanTheFilterMapHolds() {
    int[] pids = new int[Tracer.Builder.MAX_FILTER_ENTRIES + 1];
    for (int i = 0; i < pids.length; i++) {
      pids[i] = i + 1;
    }
    rejected("at most 1024 pids", () -> Tracer.builder().pids(pids));
  }

  @Test
  void rejectsATotalBufferBelowThePerStreamBuffer() {
    rejected("below maxBufferedBytesPerStream",
        () -> Tracer.builder().maxBufferedBytesPerStream(1 << 20).maxBufferedBytesTotal(1 << 16).build());
  }

  @Test
  void aBuiltTracerThatNeverStartedClosesTwiceAndReportsNothing() {
    Tracer tracer = Tracer.builder().kprobes().build();
    tracer.close();
    tracer.close();
    assertEquals(AttachMode.AUTO, tracer.attachMode());
    assertEquals(0, tracer.stats().records());
    assertThrows(IllegalStateException.class, tracer::start);
  }
}
