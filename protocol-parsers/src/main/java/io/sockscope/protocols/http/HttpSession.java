package io.sockscope.protocols.http;

import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parse state of one HTTP/1.x connection: a {@link RequestDecoder} for the direction that
 * carries requests, a {@link ResponseDecoder} for the other, and a {@link RequestQueue} that pairs
 * each final response with the request it answers, in order, so keep-alive and pipelined requests
 * work. Confined to the tracer's handler thread for the connection.
 *
 * <p>Requests are what the process sends when it is the client, and what it receives when it is the
 * server. When the role is unknown, the first direction whose bytes begin a request line (or a
 * status line) settles it.
 *
 * <p>Lost bytes ({@link #onGap}) inside a body of known length are skipped and the exchange still
 * completes, with its full body size. Anywhere else the decoder of that direction skips to the next
 * start line, and:
 *
 * <ul>
 *   <li>in the response direction, the request whose response was cut or lost is dropped (the
 *       oldest waiting one, unless it follows lost requests and the gap came before it); the next
 *       response found answers the oldest request still waiting;
 *   <li>in the request direction, a request that was cut is dropped and its response discarded when
 *       it comes; the requests lost whole are unknown, so the next request read is marked, and
 *       responses that began before it are discarded as answers to lost requests (see {@link
 *       RequestQueue}).
 * </ul>
 *
 * <p>Each exchange that cannot be completed is counted once with {@link SessionContext#dropped}:
 * when its request is cut after its head, at the gap; when its request is lost before its head was
 * read, as the response turns up; when its response is lost or cut, at the gap; when the connection
 * closes before its response, at the close.
 *
 * <p>A response that completes before its request does (a server that answers early, without
 * reading the whole body) makes its exchange at once, with the request body bytes seen so far.
 *
 * <p>Malformed bytes end the session with {@link SessionContext#unparseable}, as does a 101
 * Switching Protocols or a successful CONNECT, after which the bytes are no longer HTTP; the
 * exchange that switched is emitted first.
 */
final class HttpSession implements ParserSession {

  private final SessionContext context;
  private final RequestQueue queue = new RequestQueue();
  private final LineChars line = new LineChars();
  private final RequestDecoder requests = new RequestDecoder(new RequestEvents(), line);
  private final ResponseDecoder responses = new ResponseDecoder(new ResponseEvents(), line);
  /**
   * The directions with a gap, and since when bytes wait in each, while the direction of requests
   * is not known. Immutable and empty when the role tells the direction from the start.
   */
  private final Set<Direction> gapsBeforeRequestDirectionKnown;

  private final Map<Direction, Long> waitingSinceBeforeRequestDirectionKnown;
  private @Nullable Direction requestDirection;
  private boolean finished;

  /** The request whose head has been read and whose body has not ended, if any. */
  private @Nullable PendingRequest requestInFlight;

  /** The response whose head has been read and whose body has not ended, if any. */
  private @Nullable ResponseInFlight responseInFlight;

  HttpSession(SessionContext context) {
    this.context = context;
    requestDirection = Direction.ofRequests(context.connection().role());
    boolean known = requestDirection != null;
    gapsBeforeRequestDirectionKnown = known ? Set.of() : EnumSet.noneOf(Direction.class);
    waitingSinceBeforeRequestDirectionKnown = known ? Map.of() : new EnumMap<>(Direction.class);
  }

  @Override
  public int onData(Direction direction, ByteBuffer data, long timestampNanos) {
    if (finished) {
      return data.remaining();
    }
    if (!data.hasRemaining()) {
      return 0;
    }
    if (requestDirection == null) {
      Inference learned = learnRequestDirection(direction, data);
      if (learned == Inference.NEED_MORE_BYTES) {
        waitingSinceBeforeRequestDirectionKnown.putIfAbsent(direction, timestampNanos);
        return 0;
      }
      if (learned == Inference.NO) {
        if (gapsBeforeRequestDirectionKnown.contains(direction)) {
          // Bytes after a gap may start anywhere in a message: wait for a call that starts one.
          return data.remaining();
        }
        fail("first bytes are neither a request line nor a status line");
        return 0;
      }
    }
    return decoderFor(direction).decode(data, timestampNanos);
  }

  @Override
  public void onGap(Direction direction, long length, long timestampNanos) {
    if (finished) {
      return;
    }
    if (requestDirection == null) {
      gapsBeforeRequestDirectionKnown.add(direction);
    } else if (direction == requestDirection) {
      requestBytesLost(requests.skip(length, timestampNanos));
    } else {
      responseBytesLost(responses.skip(length, timestampNanos), timestampNanos);
    }
  }

  @Override
  public void onClose(long timestampNanos) {
    if (finished) {
      return;
    }
    responses.close();
    ResponseInFlight cut = responseInFlight;
    if (cut != null && !cut.isInterim()) {
      dropAnswer(cut, "response cut by close");
    }
    if (requestInFlight == null && requests.isInsideMessage()) {
      context.dropped("request cut by close");
    }
    for (PendingRequest unanswered = queue.pollOldest();
        unanswered != null;
        unanswered = queue.pollOldest()) {
      drop(unanswered, "no response before close");
    }
    finish();
  }

  private Inference learnRequestDirection(Direction direction, ByteBuffer data) {
    Inference asRequest = MessageStart.requestLine(data, data.position(), data.limit());
    Inference asResponse = MessageStart.statusLine(data, data.position(), data.limit());
    if (asRequest == Inference.YES) {
      requestDirection = direction;
    } else if (asResponse == Inference.YES) {
      requestDirection = direction.opposite();
    } else {
      boolean mayBecomeOne =
          asRequest == Inference.NEED_MORE_BYTES || asResponse == Inference.NEED_MORE_BYTES;
      return mayBecomeOne ? Inference.NEED_MORE_BYTES : Inference.NO;
    }
    context.establishRole(requestDirection.roleIfRequests());
    for (Direction gapped : gapsBeforeRequestDirectionKnown) {
      if (gapped != direction) {
        decoderFor(gapped).resync();
      }
      if (gapped == requestDirection) {
        queue.markRequestsLost();
      }
    }
    gapsBeforeRequestDirectionKnown.clear();
    waitingSinceBeforeRequestDirectionKnown.forEach(
        (waiting, sinceNanos) -> decoderFor(waiting).bytesFirstOfferedAt(sinceNanos));
    waitingSinceBeforeRequestDirectionKnown.clear();
    return Inference.YES;
  }

  private HttpMessageDecoder<?> decoderFor(Direction direction) {
    return direction == requestDirection ? requests : responses;
  }

  private void requestBytesLost(GapOutcome outcome) {
    if (outcome == GapOutcome.SKIPPED_IN_BODY) {
      return;
    }
    PendingRequest cut = requestInFlight;
    requestInFlight = null;
    if (cut != null) {
      // Still waiting in the queue: its response will pair with it, and be discarded.
      drop(cut, "request cut by a gap");
    }
    queue.markRequestsLost();
  }

  private void responseBytesLost(GapOutcome outcome, long timestampNanos) {
    if (outcome == GapOutcome.SKIPPED_IN_BODY || outcome == GapOutcome.ALREADY_RESYNCING) {
      return;
    }
    ResponseInFlight cut = responseInFlight;
    responseInFlight = null;
    if (cut != null && !cut.isInterim()) {
      dropAnswer(cut, "response cut by a gap");
      return;
    }
    // The response lost, or whose head was cut, answers the request next in line.
    PendingRequest unanswered = queue.answer(timestampNanos);
    if (unanswered != null) {
      drop(unanswered, "response lost in a gap");
    } else if (outcome == GapOutcome.MESSAGE_CUT) {
      context.dropped("response cut by a gap");
    }
  }

  /** Counts the exchange of a response that will not complete. */
  private void dropAnswer(ResponseInFlight response, String reason) {
    PendingRequest answered = response.answered();
    if (answered == null) {
      context.dropped(reason);
    } else {
      drop(answered, reason);
    }
  }

  /** Counts a request that will not become an exchange, unless it was counted already. */
  private void drop(PendingRequest request, String reason) {
    if (!request.isDropped()) {
      request.markDropped();
      context.dropped(reason);
    }
  }

  private void fail(String reason) {
    if (!finished) {
      finish();
      context.unparseable(reason);
    }
  }

  private void finish() {
    finished = true;
    requests.stop();
    responses.stop();
  }

  /** Turns the request decoder's events into waiting requests. */
  private final class RequestEvents implements MessageListener<RequestLine> {
    @Override
    public void onHead(RequestLine line, HeaderFields headers, long firstByteNanos) {
      PendingRequest request = new PendingRequest(line, headers.userAgent(), firstByteNanos);
      requestInFlight = request;
      PendingRequest evicted = queue.add(request);
      if (evicted != null) {
        drop(
            evicted, "more than " + HttpLimits.MAX_PENDING_REQUESTS + " requests without response");
      }
    }

    @Override
    public void onBodyBytes(long count) {
      if (requestInFlight != null) {
        requestInFlight.addBodyBytes(count);
      }
    }

    @Override
    public void onMessageEnd(long lastByteNanos) {
      requestInFlight = null;
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }

  /** Pairs the response decoder's responses with waiting requests and emits the exchanges. */
  private final class ResponseEvents implements ResponseDecoder.Listener {
    @Override
    public void onHead(StatusLine status, HeaderFields headers, long firstByteNanos) {
      boolean interim = status.isInformational() && !status.isSwitchingProtocols();
      // An interim response (100 Continue, 103 Early Hints) precedes the final one.
      PendingRequest answered = interim ? null : queue.answer(firstByteNanos);
      responseInFlight = new ResponseInFlight(status, interim, answered);
    }

    @Override
    public @Nullable String answeredMethod() {
      ResponseInFlight response = responseInFlight;
      PendingRequest answered = response == null ? null : response.answered();
      return answered == null ? null : answered.method();
    }

    @Override
    public void onBodyBytes(long count) {
      if (responseInFlight != null) {
        responseInFlight.addBodyBytes(count);
      }
    }

    @Override
    public void onMessageEnd(long lastByteNanos) {
      ResponseInFlight response = responseInFlight;
      responseInFlight = null;
      if (response == null || response.isInterim()) {
        return;
      }
      PendingRequest answered = response.answered();
      if (answered == null) {
        context.dropped("response to a lost or unseen request");
      } else if (!answered.isDropped()) {
        context.emit(
            answered.completeWith(
                response.status(), response.bodyBytes(), lastByteNanos, context.connection()));
      }
      if (response.status().isSwitchingProtocols()) {
        fail("switched protocols");
      } else if (answered != null
          && answered.method().equals("CONNECT")
          && response.status().isSuccessful()) {
        fail("tunnel established by CONNECT");
      }
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }
}
