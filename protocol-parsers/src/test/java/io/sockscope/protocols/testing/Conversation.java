package io.sockscope.protocols.testing;

import com.google.common.io.BaseEncoding;
import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.spi.Direction;
import io.sockscope.spi.ProtocolParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation recorded from a real client and server (by {@code scripts/record-conversation.py}),
 * kept as a test resource: one line per read the relay made, {@code C <hex>} for bytes the client
 * sent, {@code S <hex>} for bytes the server sent; {@code #} starts a comment. The i-th line is
 * stamped {@code 1000 * (i + 1)} nanoseconds.
 */
public final class Conversation {
  /** One recorded read: who sent the bytes, and the bytes. */
  public record Segment(boolean fromClient, byte[] bytes) {}

  private final String name;
  private final List<Segment> segments;

  private Conversation(String name, List<Segment> segments) {
    this.name = name;
    this.segments = List.copyOf(segments);
  }

  /** Reads {@code /conversations/<name>} from the test class path. */
  public static Conversation load(String name) {
    String resource = "/conversations/" + name;
    try (InputStream in = Conversation.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      List<Segment> segments = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        char who = line.charAt(0);
        if ((who != 'C' && who != 'S') || line.length() < 3 || line.charAt(1) != ' ') {
          throw new IllegalArgumentException(resource + ": not 'C <hex>' or 'S <hex>': " + line);
        }
        segments.add(new Segment(who == 'C', BaseEncoding.base16().lowerCase().decode(line.substring(2).strip())));
      }
      return new Conversation(name, segments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public List<Segment> segments() {
    return segments;
  }

  /** All bytes one side sent, in order. */
  public byte[] bytesFrom(boolean client) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Segment segment : segments) {
      if (segment.fromClient() == client) {
        out.writeBytes(segment.bytes());
      }
    }
    return out.toByteArray();
  }

  /**
   * The conversation as the tracer would see it on {@code connection}: on a server's socket the
   * client's bytes are received, on a client's (or an unknown role's) socket they are sent.
   */
  public Capture asStream(ProtocolParser parser, Connection connection) {
    Capture capture = Capture.of(parser, connection);
    long nanos = 0;
    for (Segment segment : segments) {
      capture.data(direction(segment, connection), segment.bytes(), nanos += 1000);
    }
    return capture;
  }

  /** The conversation as whole datagrams of a UDP socket, each to or from {@code peer}. */
  public Capture asDatagrams(ProtocolParser parser, Connection connection, InetSocketAddress peer) {
    Capture capture = Capture.of(parser, connection);
    long nanos = 0;
    for (Segment segment : segments) {
      capture.datagram(direction(segment, connection), peer, segment.bytes(), nanos += 1000);
    }
    return capture;
  }

  private static Direction direction(Segment segment, Connection connection) {
    boolean serverSide = connection.role() == Role.SERVER;
    return segment.fromClient() == serverSide ? Direction.RECEIVED : Direction.SENT;
  }

  @Override
  public String toString() {
    return name;
  }
}
