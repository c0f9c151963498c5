package io.sockscope.protocols.memcached;

import io.sockscope.spi.SessionContext;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The text protocol on one connection: a {@link TextRequestDecoder} for the direction that carries
 * commands, a {@link TextResponseDecoder} for the other, and a {@link PendingQueue} that pairs each
 * reply with the oldest command still owed one, as memcached answers in order. Confined to the
 * tracer's handler thread for the connection.
 *
 * <p>Commands that get no reply ({@code noreply}, {@code quit}) become exchanges without a reply,
 * marked {@code memcached.noreply}, once the commands before them are answered, so exchanges come
 * in the order of their commands. A meta command with the {@code q} flag is answered only when
 * something is worth saying (a hit, an error): the next reply answers it unless that reply is
 * {@code MN}, which says the server passed it in silence, or returns a key ({@code k} flag) or an
 * opaque ({@code O} flag) that is not the quiet command's. Without those flags, a quiet meta
 * command that went unanswered is taken as answered by the next command's reply.
 *
 * <p>Lost bytes inside a data block are skipped and the framing kept; anywhere else the connection
 * is given up, since a text stream has no marker to find the next command or reply by.
 */
final class TextSession implements DialectSession {

  private final SessionContext context;
  private final PendingQueue queue = new PendingQueue();
  private final TextRequestDecoder requests = new TextRequestDecoder(new RequestEvents());
  private final TextResponseDecoder replies = new TextResponseDecoder(new ReplyEvents());
  private @Nullable PendingRequest requestInFlight;
  private long repliesOwedToForgottenRequests;
  private boolean finished;

  TextSession(SessionContext context) {
    this.context = context;
  }

  @Override
  public int onRequestBytes(ByteBuffer data, ArrivalClock clock) {
    return requests.decode(data, clock);
  }

  @Override
  public int onReplyBytes(ByteBuffer data, ArrivalClock clock) {
    return replies.decode(data, clock);
  }

  @Override
  public void onRequestGap(long length, long timestampNanos) {
    if (!requests.skip(length, timestampNanos)) {
      fail("gap outside a value");
    }
  }

  @Override
  public void onReplyGap(long length, long timestampNanos) {
    if (!replies.skip(length, timestampNanos)) {
      fail("gap outside a value");
    }
  }

  @Override
  public void onClose(long timestampNanos) {
    if (finished) {
      return;
    }
    for (PendingRequest left = queue.pollOldest(); left != null; left = queue.pollOldest()) {
      if (left.reply() == ReplyExpectation.ALWAYS) {
        context.dropped("no reply before close");
      } else {
        emitWithoutReply(left, left.isComplete() ? left.requestEndNanos() : timestampNanos);
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
    replies.stop();
  }

  /** Emits the commands at the head of the queue that get no reply and have been read whole. */
  private void emitUnansweredAtHead() {
    for (PendingRequest head = queue.peekOldest();
        head != null && head.reply() == ReplyExpectation.NEVER && head.isComplete();
        head = queue.peekOldest()) {
      queue.pollOldest();
      emitWithoutReply(head, head.requestEndNanos());
    }
  }

  private void emitWithoutReply(PendingRequest request, long endNanos) {
    context.emit(request.exchange(Reply.none(endNanos), context.connection()));
  }

  /** Queues commands as their lines are read. */
  private final class RequestEvents implements TextRequestDecoder.Listener {
    @Override
    public void onCommand(TextCommand command, long startNanos) {
      PendingRequest request = PendingRequest.text(command, startNanos);
      requestInFlight = request;
      PendingRequest forgotten = queue.add(request);
      if (forgotten != null) {
        context.dropped("more than " + MemcachedLimits.MAX_PENDING_REQUESTS
            + " requests without reply");
        if (forgotten.reply() != ReplyExpectation.NEVER) {
          repliesOwedToForgottenRequests++;
        }
      }
    }

    @Override
    public void onCommandEnd(long endNanos) {
      PendingRequest request = requestInFlight;
      requestInFlight = null;
      if (request != null) {
        request.completeRequest(endNanos);
      }
      emitUnansweredAtHead();
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }

  /** Pairs replies with the commands they answer. */
  private final class ReplyEvents implements TextResponseDecoder.Listener {
    @Override
    public @Nullable CommandKind answeredKind() {
      if (repliesOwedToForgottenRequests > 0) {
        return null;
      }
      for (PendingRequest request : queue) {
        if (request.reply() != ReplyExpectation.NEVER) {
          return request.kind();
        }
      }
      return null;
    }

    @Override
    public void onReply(Reply reply, String returnedKey, String returnedOpaque) {
      if (repliesOwedToForgottenRequests > 0) {
        repliesOwedToForgottenRequests--;
        return;
      }
      boolean metaNoop = "MN".equals(reply.statusCode());
      for (PendingRequest head = queue.pollOldest(); head != null; head = queue.pollOldest()) {
        boolean passedInSilence =
            head.reply() == ReplyExpectation.NEVER
                || (head.reply() == ReplyExpectation.SOMETIMES
                    && (metaNoop || !head.mayAnswer(returnedKey, returnedOpaque)));
        if (passedInSilence) {
          emitWithoutReply(head, head.isComplete() ? head.requestEndNanos() : reply.endNanos());
        } else {
          context.emit(head.exchange(reply, context.connection()));
          emitUnansweredAtHead();
          return;
        }
      }
      context.dropped("reply to an unseen request");
    }

    @Override
    public void onMalformed(String reason) {
      fail(reason);
    }
  }
}
