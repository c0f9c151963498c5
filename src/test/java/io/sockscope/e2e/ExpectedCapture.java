package io.sockscope.e2e;

import io.sockscope.spi.Direction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tracer must deliver for the calls a {@link SocketCallsProgram} log lists, computed
 * from the kernel side's documented capture rules: per call at most {@code captureBytesPerCall}
 * bytes are copied, in records of at most {@value #MAX_RECORD_PAYLOAD}; only the first
 * {@value #MAX_IOVECS} iovecs of a call and the first {@value #MAX_MESSAGES} messages of a
 * sendmmsg/recvmmsg are copied; sendfile's bytes never are. Everything not copied still moves
 * the stream on, as not captured.
 */
final class ExpectedCapture {
  static final int MAX_RECORD_PAYLOAD = 30720;
  static final int MAX_IOVECS = 16;
  static final int MAX_MESSAGES = 16;
  static final int MAX_RECORDS_PER_SPAN = 32;

  /** One piece of a call's bytes, in order: copied by the kernel or not. */
  record Piece(long length, boolean captured) {}

  /** One message of a call: its length and the iovec lengths it was given. */
  record Message(long length, List<Long> iovecs) {}

  /** One data call of the log. */
  record Call(String end, Direction direction, String kind, String label, List<Message> messages) {
    long total() {
      return messages.stream().mapToLong(Message::length).sum();
    }

    /** The bytes a send carried; meaningless for a receive. */
    byte[] sentBytes() {
      return SocketCallsProgram.pattern(label, Math.toIntExact(total()));
    }
  }

  final Map<String, Integer> fds = new HashMap<>();
  final Map<String, String[]> addresses = new HashMap<>();
  final List<Call> calls = new ArrayList<>();
  String unixPath;
  private final int captureBytesPerCall;

  ExpectedCapture(List<String> log, int captureBytesPerCall) {
    this.captureBytesPerCall = captureBytesPerCall;
    for (String line : log) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "fd":
          fds.put(f[1], Integer.parseInt(f[2]));
          break;
        case "addr":
          addresses.put(f[1], new String[] {f[2], f[3]});
          break;
        case "path":
          unixPath = f[1];
          break;
        case "call":
          calls.add(new Call(f[1], f[2].equals("S") ? Direction.SENT : Direction.RECEIVED, f[3], f[4], messages(f[3], f[5])));
          break;
        default:
          throw new IllegalArgumentException("unexpected log line: " + line);
      }
    }
  }

  private static List<Message> messages(String kind, String shape) {
    List<Message> messages = new ArrayList<>();
    switch (kind) {
      case "plain":
      case "file":
        long bytes = Long.parseLong(shape);
        messages.add(new Message(bytes, List.of(bytes)));
        break;
      case "iov":
        String[] totalAndIovecs = shape.split("/");
        messages.add(new Message(Long.parseLong(totalAndIovecs[0]), longs(totalAndIovecs[1])));
        break;
      case "mmsg":
        for (String message : shape.split("\\|")) {
          String[] lengthAndIovecs = message.split(":");
          messages.add(new Message(Long.parseLong(lengthAndIovecs[0]), longs(lengthAndIovecs[1])));
        }
        break;
      default:
        throw new IllegalArgumentException("unknown call kind " + kind);
    }
    return messages;
  }

  private static List<Long> longs(String csv) {
    List<Long> values = new ArrayList<>();
    for (String value : csv.split(",")) {
      values.add(Long.parseLong(value));
    }
    return values;
  }

  /** How the kernel reports one call's bytes, piece by piece, under the per-call budget. */
  List<Piece> pieces(Call call) {
    List<Piece> pieces = new ArrayList<>();
    long[] budget = {captureBytesPerCall};
    if (call.kind().equals("file")) {
      span(pieces, call.total(), false, budget);
      return pieces;
    }
    List<Message> messages = call.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      if (i >= MAX_MESSAGES) {
        span(pieces, message.length(), false, budget);
        continue;
      }
      long left = message.length();
      for (int v = 0; v < message.iovecs().size() && v < MAX_IOVECS && left > 0; v++) {
        long size = Math.min(message.iovecs().get(v), left);
        if (size == 0) {
          continue;
        }
        left -= size;
        span(pieces, size, true, budget);
      }
      if (left > 0) { // past the iovecs copied
        span(pieces, left, false, budget);
      }
    }
    return merge(pieces);
  }

  /** The messages of a datagram call: for each, how much was copied (a prefix) and how much not. */
  List<Piece> datagramPrefixes(Call call) {
    List<Piece> perMessage = new ArrayList<>();
    List<Piece> pieces = new ArrayList<>();
    long[] budget = {captureBytesPerCall};
    for (int i = 0; i < call.messages().size(); i++) {
      Message message = call.messages().get(i);
      pieces.clear();
      if (i >= MAX_MESSAGES) {
        perMessage.add(new Piece(message.length(), false));
        continue;
      }
      long left = message.length();
      for (int v = 0; v < message.iovecs().size() && v < MAX_IOVECS && left > 0; v++) {
        long size = Math.min(message.iovecs().get(v), left);
        if (size > 0) {
          left -= size;
          span(pieces, size, true, budget);
        }
      }
      if (left > 0) {
        span(pieces, left, false, budget);
      }
      long prefix = 0;
      for (Piece piece : pieces) {
        if (!piece.captured()) {
          break;
        }
        prefix += piece.length();
      }
      perMessage.add(new Piece(prefix, true));
    }
    return perMessage;
  }

  /** The kernel's emit_span: records while the budget lasts, then one record not captured. */
  private static void span(List<Piece> pieces, long size, boolean copyable, long[] budget) {
    for (int i = 0; i < MAX_RECORDS_PER_SPAN && size > 0; i++) {
      long piece = Math.min(Math.min(size, MAX_RECORD_PAYLOAD), budget[0]);
      if (!copyable || piece == 0) {
        break;
      }
      pieces.add(new Piece(piece, true));
      size -= piece;
      budget[0] -= piece;
    }
    if (size > 0) {
      pieces.add(new Piece(size, false));
    }
  }

  private static List<Piece> merge(List<Piece> pieces) {
    List<Piece> merged = new ArrayList<>();
    for (Piece piece : pieces) {
      if (!merged.isEmpty() && merged.get(merged.size() - 1).captured() == piece.captured()) {
        Piece last = merged.remove(merged.size() - 1);
        merged.add(new Piece(last.length() + piece.length(), piece.captured()));
      } else {
        merged.add(piece);
      }
    }
    return merged;
  }

  List<Call> calls(String end, Direction direction) {
    return calls.stream().filter(c -> c.end().equals(end) && c.direction() == direction).toList();
  }

  /** Every byte end sent, in order, captured or not. */
  byte[] sentStream(String end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Call call : calls(end, Direction.SENT)) {
      out.writeBytes(call.sentBytes());
    }
    return out.toByteArray();
  }

  /**
   * One direction of a stream end as the parser must see it: the bytes the calls of that end
   * copied, and a gap for each run they did not. {@code peer} is the other end, whose sends are
   * what this end received.
   */
  List<RecordingParser.Segment> streamSegments(String end, String peer, Direction direction) {
    byte[] stream = sentStream(direction == Direction.SENT ? end : peer);
    List<Piece> pieces = new ArrayList<>();
    for (Call call : calls(end, direction)) {
      pieces.addAll(pieces(call));
    }
    pieces = merge(pieces);
    List<RecordingParser.Segment> segments = new ArrayList<>();
    int offset = 0;
    for (Piece piece : pieces) {
      int length = Math.toIntExact(piece.length());
      if (piece.captured()) {
        segments.add(RecordingParser.Segment.data(Arrays.copyOfRange(stream, offset, offset + length)));
      } else {
        segments.add(RecordingParser.Segment.gap(length));
      }
      offset += length;
    }
    if (offset != stream.length) {
      throw new IllegalStateException("the log's receives (" + offset + " bytes) do not add up to the sends ("
          + stream.length + ")");
    }
    return segments;
  }

  /** Bytes the kernel copies over every call of the log. */
  long capturedBytes() {
    return calls.stream().flatMap(c -> pieces(c).stream()).filter(Piece::captured).mapToLong(Piece::length).sum();
  }

  /** Bytes the kernel reports as not copied over every call of the log. */
  long notCapturedBytes() {
    return calls.stream().flatMap(c -> pieces(c).stream()).filter(p -> !p.captured()).mapToLong(Piece::length).sum();
  }
}
