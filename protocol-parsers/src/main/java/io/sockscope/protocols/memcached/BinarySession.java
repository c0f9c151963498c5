package io.sockscope.protocols.memcached;

import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * The binary protocol on one connection: a {@link BinaryPacketDecoder} per direction and a {@link
 * PendingQueue} of requests, each response paired with the oldest waiting request of its opcode
 * and opaque. Confined to the tracer's handler thread for the connection.
 *
 * <p>Quiet opcodes (GETQ, GETKQ, SETQ, DELETEQ, ...) are answered only when there is something to
 * say: a hit for a get, an error for the rest. memcached answers in order, so when a response pairs
 * with a later request (typically the NOOP a client sends after a batch of quiet requests), the
 * quiet requests before it were passed in silence: they become exchanges without a reply, marked
 * {@code memcached.noreply}, a get among them a miss. A request that is not quiet and was passed
 * over is counted as dropped. A STAT request is answered by one response per statistic, then an
 * empty one; they make one exchange. A QUIT left unanswered when the connection closes becomes an
 * exchange without a reply: clients close without reading QUIT's answer.
 *
 * <p>Lost bytes inside a value are skipped and the framing kept; anywhere else the connection is
 * given up: a header cannot be told from value bytes.
 */
final class BinarySession implements DialectSession {

  private final SessionContext context;
  private final PendingQueue queue = new PendingQueue();
  private final BinaryPacketDecoder requests =
      new BinaryPacketDecoder(BinaryHeader.REQUEST_MAGIC, new RequestEvents());
  private final BinaryPacketDecoder responses =
      new BinaryPacketDecoder(BinaryHeader.RESPONSE_MAGIC, new ResponseEvents());
  private long forgottenRequests;
  private boolean finished;

  BinarySession(SessionContext context) {
    this.context = context;
  }

  @Override
  public int onRequestBytes(ByteBuffer data, ArrivalClock clock) {
    return requests.decode(data, clock);
  }

  @Override
  public int onReplyBytes(ByteBuffer data, ArrivalClock clock) {
    return responses.decode(data, clock);
  }

  @Override
  public void onRequestGap(long length, long timestampNanos) {
    if (!requests.skip(length, timestampNanos)) {
      fail("gap outside a value");
    }
  }

  @Override
  public void onReplyGap(long length, long timestampNanos) {
    if (!responses.skip(length, timestampNanos)) {
      fail("gap outside a value");
    }
  }

  @Override
  public void onClose(long timestampNanos) {
    if (finished) {
      return;
    }
    for (PendingRequest left = queue.pollOldest(); left != null; left = queue.pollOldest()) {
      if (left.opcode() == Opcode.QUIT.code()) {
        // Clients close after QUIT without reading its answer: on their socket none is seen.
        emitPassedInSilence(left, left.requestEndNanos());
      } else if (left.reply() == ReplyExpectation.ALWAYS) {
        context.dropped("no reply before close");
      } else {
        // A quiet request's error would have come before the close.
        emitPassedInSilence(left, left.requestEndNanos());
      }
    }
    stop();
  }

  private void fail(String reason) {
    if (!finished) {
      stop();
      context.unparseable(reason);
    }
  }

  private void stop() {
    finished = true;
    requests.stop();
    responses.stop();
  }

  private void emitPassedInSilence(PendingRequest request, long endNanos) {
    String outcome = request.kind() == CommandKind.RETRIEVAL ? "miss (no reply)" : "no reply";
    Reply silence = new Reply(null, outcome, null, 0, 0, 0, false, endNanos);
    context.emit(request.exchange(silence, context.connection()));
  }

  /** Emits the requests at the head of the queue that never get a response (QUITQ). */
  private void emitUnansweredAtHead() {
    for (PendingRequest head = queue.peekOldest();
        head != null && head.reply() == ReplyExpectation.NEVER;
        head = queue.peekOldest()) {
      queue.pollOldest();
      emitPassedInSilence(head, head.requestEndNanos());
    }
  }

  /** The oldest waiting request this response answers, or null when none does. */
  private @Nullable PendingRequest answered(BinaryHeader response) {
    for (PendingRequest request : queue) {
      if (request.opcode() == response.opcode() && request.opaque() == response.opaque()) {
        return request;
      }
    }
    return null;
  }

  /** Removes {@code answered} and settles the requests before it, which went without a response. */
  private void settleUpTo(PendingRequest answered, long responseStartNanos) {
    for (Iterator<PendingRequest> it = queue.iterator(); it.hasNext(); ) {
      PendingRequest request = it.next();
      it.remove();
      if (request == answered) {
        return;
      }
      if (request.reply() == ReplyExpectation.ALWAYS) {
        context.dropped("response missing");
      } else {
        emitPassedInSilence(request, responseStartNanos);
      }
    }
  }

  /** Queues requests as they are read. */
  private final class RequestEvents implements BinaryPacketDecoder.Listener {
    @Override
    public void onPacket(BinaryHeader header, byte[] key, long startNanos, long endNanos) {
      Opcode opcode = Opcode.of(header.opcode());
      CommandKind kind = opcode == null ? CommandKind.OTHER : opcode.kind();
      ReplyExpectation reply = ReplyExpectation.ALWAYS;
      if (opcode == Opcode.QUITQ) {
        reply = ReplyExpectation.NEVER;
      } else if (opcode != null && opcode.isQuiet()) {
        reply = ReplyExpectation.SOMETIMES;
      }
      String name = Opcode.nameOf(header.opcode());
      String keyText = QueryText.key(key, MemcachedLimits.MAX_QUERY_TEXT_CHARS - name.length() - 1);
      PendingRequest request =
          new PendingRequest("binary", name, kind, keyText.isEmpty() ? name : name + " " + keyText,
              key.length > 0 ? 1 : 0, keyText, header.valueLength(), reply, startNanos,
              header.opcode(), header.opaque());
      request.completeRequest(endNanos);
      PendingRequest forgotten = queue.add(request);
      if (forgotten != null) {
        forgottenRequests++;
        context.dropped("more than " + MemcachedLimits.MAX_PENDING_REQUESTS
            + " requests without reply");
      }
      emitUnansweredAtHead();
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }

  /** Pairs responses with the requests they answer. */
  private final class ResponseEvents implements BinaryPacketDecoder.Listener {
    @Override
    public void onPacket(BinaryHeader header, byte[] key, long startNanos, long endNanos) {
      PendingRequest request = answered(header);
      if (request == null) {
        if (forgottenRequests > 0) {
          forgottenRequests--; // most likely the answer to a forgotten request
        } else {
          context.dropped("reply to an unseen request");
        }
        return;
      }
      boolean statRow =
          header.opcode() == Opcode.STAT.code() && header.status() == BinaryStatus.NO_ERROR
              && header.keyLength() > 0;
      if (statRow) {
        request.addRow(); // more rows follow, then an empty one
        return;
      }
      settleUpTo(request, startNanos);
      int status = header.status();
      boolean hit = request.kind() == CommandKind.RETRIEVAL && status == BinaryStatus.NO_ERROR;
      Reply reply =
          new Reply(
              BinaryStatus.code(status),
              BinaryStatus.name(status),
              BinaryStatus.isError(status) ? BinaryStatus.name(status) : null,
              hit ? 1 : 0,
              hit ? header.valueLength() : 0,
              request.rows(),
              true,
              endNanos);
      context.emit(request.exchange(reply, context.connection()));
      emitUnansweredAtHead();
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }
}
