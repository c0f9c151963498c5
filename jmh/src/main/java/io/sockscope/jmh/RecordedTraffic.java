package io.sockscope.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A conversation recorded between a real client and a real server by {@code
 * scripts/record-conversation.py}, on the class path (see {@link Recording}): one line per read the
 * relay made, {@code C <hex>} for bytes the client sent, {@code S <hex>} for bytes the server
 * sent; {@code #} starts a comment. The same format as the parsers' test conversations.
 */
final class RecordedTraffic {
  /** One read as the relay saw it: who sent the bytes, and the bytes. */
  record Read(boolean fromClient, byte[] bytes) {}

  private final List<Read> reads;

  private RecordedTraffic(List<Read> reads) {
    this.reads = List.copyOf(reads);
  }

  /** Reads {@code resource}, such as {@code /traffic/curl-nginx-keepalive.txt}, from the class path. */
  static RecordedTraffic load(String resource) {
    try (InputStream in = RecordedTraffic.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource + " in the benchmarks jar");
      }
      List<Read> reads = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        char who = line.charAt(0);
        if ((who != 'C' && who != 'S') || line.length() < 3 || line.charAt(1) != ' ') {
          throw new IllegalArgumentException(resource + ": not 'C <hex>' or 'S <hex>': " + line);
        }
        reads.add(new Read(who == 'C', HexFormat.of().parseHex(line.substring(2).strip())));
      }
      return new RecordedTraffic(reads);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reads in the order they were recorded. */
  List<Read> reads() {
    return reads;
  }

  /** The reads cut the way {@code delivery} hands them over. */
  List<Read> pieces(Delivery delivery) {
    switch (delivery) {
      case ONE_BUFFER:
        return List.of(new Read(true, bytesFrom(true)), new Read(false, bytesFrom(false)));
      case PER_READ:
        return reads;
      default:
        throw new AssertionError(delivery);
    }
  }

  /** Everything one side sent, in order. */
  byte[] bytesFrom(boolean client) {
    int length = 0;
    for (Read read : reads) {
      length += read.fromClient() == client ? read.bytes().length : 0;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (Read read : reads) {
      if (read.fromClient() == client) {
        System.arraycopy(read.bytes(), 0, all, at, read.bytes().length);
        at += read.bytes().length;
      }
    }
    return all;
  }

  /** The bytes of both sides. */
  long totalBytes() {
    return reads.stream().mapToLong(read -> read.bytes().length).sum();
  }
}
