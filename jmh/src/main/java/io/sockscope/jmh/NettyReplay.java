package io.sockscope.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Replays a recorded connection into netty decoders: one {@link EmbeddedChannel} per direction,
 * each piece written inbound as a heap buffer (as netty's own decoder benchmarks do), every decoded
 * object read back out, checked, counted and released. The channels live as long as the replay, so
 * netty pays for its pipelines once, where the sockscope side opens a session per replay.
 */
final class NettyReplay {
  private final Recording recording;
  private final long bytes;
  private final List<RecordedTraffic.Read> pieces;
  private final ByteBuf[] buffers;
  private final EmbeddedChannel requests;
  private final EmbeddedChannel responses;
  private final Predicate<Object> completesMessage;
  private int requestsDecoded;
  private int responsesDecoded;

  /**
   * @param requestDecoders the handlers of the client's direction, first to last
   * @param responseDecoders the handlers of the server's direction, first to last
   * @param completesMessage whether a decoded object ends a whole message; it must throw if the
   *     object reports a decoding failure
   */
  NettyReplay(Recording recording, Delivery delivery, Supplier<ChannelHandler[]> requestDecoders,
      Supplier<ChannelHandler[]> responseDecoders, Predicate<Object> completesMessage) {
    RecordedTraffic traffic = recording.traffic();
    this.recording = recording;
    this.bytes = traffic.totalBytes();
    this.pieces = traffic.pieces(delivery);
    this.buffers = pieces.stream().map(piece -> Unpooled.wrappedBuffer(piece.bytes())).toArray(ByteBuf[]::new);
    this.requests = new EmbeddedChannel(requestDecoders.get());
    this.responses = new EmbeddedChannel(responseDecoders.get());
    this.completesMessage = completesMessage;
  }

  /**
   * Feeds every piece once; fails unless every request and every response of the recording was
   * decoded whole. Adds the bytes and exchanges (responses) to {@code counters}.
   */
  int replay(ParsedThroughput counters) {
    int requestsBefore = requestsDecoded;
    int responsesBefore = responsesDecoded;
    for (int i = 0; i < buffers.length; i++) {
      if (pieces.get(i).fromClient()) {
        requests.writeInbound(buffers[i].retainedDuplicate());
        requestsDecoded += drain(requests);
      } else {
        responses.writeInbound(buffers[i].retainedDuplicate());
        responsesDecoded += drain(responses);
      }
    }
    int exchanges = responsesDecoded - responsesBefore;
    recording.checkComplete("netty's requests", requestsDecoded - requestsBefore);
    recording.checkComplete("netty's responses", exchanges);
    counters.add(bytes, exchanges);
    return exchanges;
  }

  private int drain(EmbeddedChannel channel) {
    int complete = 0;
    Object decoded;
    while ((decoded = channel.readInbound()) != null) {
      try {
        if (completesMessage.test(decoded)) {
          complete++;
        }
      } finally {
        ReferenceCountUtil.release(decoded);
      }
    }
    return complete;
  }
}
