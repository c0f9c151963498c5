package io.sockscope.internal.pipeline;

import io.sockscope.AttachMode;
import io.sockscope.BackpressurePolicy;
import io.sockscope.Exchange;
import io.sockscope.spi.ProtocolParser;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Everything the builder validated, handed to {@link Capture}. Immutable. */
public record CaptureConfig(
    AttachMode attachMode,
    Set<Integer> pids,
    Set<Integer> ports,
    Set<Long> cgroupIds,
    int captureBytesPerCall,
    BackpressurePolicy backpressure,
    int ringBufferBytes,
    int eventQueueSize,
    int handlerThreads,
    int maxBufferedBytesPerStream,
    long maxBufferedBytesTotal,
    List<ProtocolParser> parsers,
    Consumer<Exchange> onMessage,
    boolean tls) {}
