package io.sockscope.internal.pipeline;

import io.sockscope.Exchange;
import io.sockscope.spi.ProtocolParser;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Everything the builder validated, handed to {@link Capture}. Immutable. */
public record CaptureConfig(
    Set<Integer> pids,
    Set<Integer> ports,
    int captureBytesPerCall,
    int ringBufferBytes,
    int eventQueueSize,
    int handlerThreads,
    int maxBufferedBytesPerStream,
    long maxBufferedBytesTotal,
    List<ProtocolParser> parsers,
    Consumer<Exchange> onMessage) {}
