package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import io.sockscope.Transport;
import io.sockscope.e2e.ExpectedCapture.Call;
import io.sockscope.e2e.ExpectedCapture.Piece;
import io.sockscope.e2e.RecordingParser.Datagram;
import io.sockscope.e2e.RecordingParser.Recording;
import io.sockscope.e2e.RecordingParser.Segment;
import io.sockscope.spi.Direction;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every data system call the kernel side captures, on every transport it traces: a C program
 * moves known bytes over a loopback pair with write/read, send/recv, sendto/recvfrom,
 * writev/readv, sendmsg/recvmsg, sendmmsg/recvmmsg and sendfile, and the bytes each end's parser
 * session receives must be exactly those, with gaps exactly where the capture rules leave bytes
 * uncopied (past the per-call budget, past 16 iovecs or 16 messages, sendfile).
 */
@KernelTest
class SyscallFamiliesTest {
  /** Below 65536 so that a 60000-byte UDP datagram is cut too; above one 30720-byte record. */
  private static final int CAPTURE_BYTES_PER_CALL = 50_000;

  @TempDir static Path programDir;
  private static Path program;

  @TempDir Path dir;

  @BeforeAll
  static void compileProgram() throws Exception {
    program = SocketCallsProgram.compile(programDir);
  }

  @Test
  void tcpOverIpv4EndsReceiveEveryCallsBytesWithGapsOnlyWhereTheKernelDoesNotCopy() throws Exception {
    Run run = trace("tcp4");
    assertStreamEnds(run, Transport.TCP);
    assertEquals(new InetSocketAddress("127.0.0.1", port(run, "s")), run.server().connection().localAddress());
    assertEquals(new InetSocketAddress("127.0.0.1", port(run, "c")), run.server().connection().remoteAddress());
    assertEquals(new InetSocketAddress("127.0.0.1", port(run, "s")), run.client().connection().remoteAddress());
    assertEquals(new InetSocketAddress("127.0.0.1", port(run, "c")), run.client().connection().localAddress());
  }

  @Test
  void tcpOverIpv6EndsReceiveEveryCallsBytesWithGapsOnlyWhereTheKernelDoesNotCopy() throws Exception {
    Run run = trace("tcp6");
    assertStreamEnds(run, Transport.TCP);
    assertEquals(new InetSocketAddress("::1", port(run, "s")), run.server().connection().localAddress());
    assertEquals(new InetSocketAddress("::1", port(run, "c")), run.client().connection().localAddress());
    assertEquals(new InetSocketAddress("::1", port(run, "s")), run.client().connection().remoteAddress());
  }

  @Test
  void unixStreamEndsReceiveEveryCallsBytesAndNameTheListenersPath() throws Exception {
    Run run = trace("unix");
    assertStreamEnds(run, Transport.UNIX);
    UnixDomainSocketAddress listener = UnixDomainSocketAddress.of(run.expected().unixPath);
    assertEquals(listener, run.server().connection().localAddress(), "the accepted end is bound to the listener's path");
    assertEquals(listener, run.client().connection().remoteAddress(), "the client's peer is the listener's path");
    assertEquals(UnixDomainSocketAddress.of(""), run.client().connection().localAddress(), "the client end is unnamed");
    assertEquals(listener, run.client().connection().serverAddress());
  }

  @Test
  void udpDatagramsArriveWholeWithTheirPeersFromEveryCall() throws Exception {
    Run run = trace("udp");
    ExpectedCapture expected = run.expected();
    InetSocketAddress addressA = address(run, "a");
    InetSocketAddress addressB = address(run, "b");
    for (String end : List.of("a", "b")) {
      for (Recording recording : run.recordings(end)) {
        assertEquals(Transport.UDP, recording.connection().transport(), recording.toString());
        assertEquals(run.program().pid(), recording.connection().pid());
        assertEquals(List.of(), recording.gaps(), "a datagram socket has no stream gaps");
        assertEquals(0, recording.bytes(Direction.SENT).length + recording.bytes(Direction.RECEIVED).length,
            "a datagram socket has no stream bytes");
      }
      assertEquals(address(run, end), run.recordings(end).get(0).connection().localAddress());
    }
    assertDatagrams(expectedDatagrams(expected, "a", "b", Direction.SENT, addressB), run, "a", Direction.SENT);
    assertDatagrams(expectedDatagrams(expected, "a", "b", Direction.RECEIVED, addressB), run, "a", Direction.RECEIVED);
    assertDatagrams(expectedDatagrams(expected, "b", "a", Direction.SENT, addressA), run, "b", Direction.SENT);
    assertDatagrams(expectedDatagrams(expected, "b", "a", Direction.RECEIVED, addressA), run, "b", Direction.RECEIVED);

    TracerStats stats = run.stats();
    assertEquals(expected.capturedBytes(), stats.bytesCaptured(), stats.toString());
    assertEquals(0, stats.kernelRecordsLost(), stats.toString());
    System.out.println("udp: captured " + stats.bytesCaptured() + " bytes, not captured " + stats.bytesNotCaptured()
        + ", lost in gaps " + stats.bytesLostInGaps() + " in " + stats.records() + " records");
  }

  @Test
  void udpBytesNotCopiedAreCountedAsNotCapturedNeverAsLost() throws Exception {
    Run run = trace("udp");
    ExpectedCapture expected = run.expected();
    TracerStats stats = run.stats();
    // U3 (60000 bytes, 10000 past the budget) on both ends, and messages 17 and 18 of the
    // sendmmsg/recvmmsg (260 + 270 bytes, counted, not copied) on both ends.
    assertEquals(2 * 10_000 + 2 * (260 + 270), expected.notCapturedBytes());
    assertEquals(0, stats.kernelRecordsLost(), stats.toString());
    assertEquals(0, stats.bytesLostInGaps(), "nothing was lost, some bytes were not copied: " + stats);
    assertEquals(expected.notCapturedBytes(), stats.bytesNotCaptured(), stats.toString());
  }

  @Test
  void connectingAUdpSocketAfterTrafficKeepsItOneConnection() throws Exception {
    Run run = trace("udp");
    // a sends and receives unconnected, then connect()s to b and writes: still the same socket.
    assertEquals(1, run.recordings("a").size(), "one connection for socket a: " + run.recordings());
    assertEquals(1, run.recordings("b").size(), "one connection for socket b: " + run.recordings());
    assertEquals(2, run.stats().connectionsOpened(), run.stats().toString());
  }

  // --- stream transports -----------------------------------------------------------------

  private void assertStreamEnds(Run run, Transport transport) {
    ExpectedCapture expected = run.expected();
    for (String end : List.of("c", "s")) {
      String peer = end.equals("c") ? "s" : "c";
      Recording recording = run.recording(end);
      assertEquals(transport, recording.connection().transport(), recording.toString());
      assertEquals(run.program().pid(), recording.connection().pid());
      assertEquals("socket-calls", recording.connection().command());
      for (Direction direction : Direction.values()) {
        List<Segment> want = expected.streamSegments(end, peer, direction);
        assertEquals(describe(want), describe(recording.segments(direction)),
            "end " + end + " " + direction + ": data and gaps in stream order");
        assertArrayEquals(concatenate(want), recording.bytes(direction), "end " + end + " " + direction + " bytes");
        long gapBytes = recording.gaps().stream().filter(g -> g.direction() == direction)
            .mapToLong(RecordingParser.Gap::length).sum();
        assertEquals(want.stream().mapToLong(Segment::gap).sum(), gapBytes, "end " + end + " " + direction + " gap bytes");
      }
    }
    assertEquals(Role.CLIENT, run.client().connection().role());
    assertEquals(Role.SERVER, run.server().connection().role());

    TracerStats stats = run.stats();
    // Not copied: W3 and M8 past the budget, V6 past the budget, V7 past 16 iovecs, MM10 past 16
    // messages, F11 by sendfile; each on the sending end, and all but F11 on the receiving end.
    assertEquals(144_802, expected.notCapturedBytes(), "the program's plan under a 50000-byte budget");
    assertEquals(expected.notCapturedBytes(), stats.bytesNotCaptured(), stats.toString());
    assertEquals(expected.capturedBytes(), stats.bytesCaptured(), stats.toString());
    assertEquals(0, stats.bytesLostInGaps(), stats.toString());
    assertEquals(0, stats.kernelRecordsLost(), stats.toString());
    assertEquals(2, stats.connectionsOpened(), "the two ends, not the listener: " + stats);
    assertEquals(2, stats.connectionsClosed(), stats.toString());
    assertEquals(0, stats.parserErrors(), stats.toString());
    System.out.println(run.transport() + ": captured " + stats.bytesCaptured() + " bytes, not captured "
        + stats.bytesNotCaptured() + " in " + stats.records() + " records");
  }

  // --- UDP -------------------------------------------------------------------------------

  /**
   * The datagrams {@code end} must have seen in one direction: for a send, its own messages;
   * for a receive, the peer's sent messages in order, cut by the receiving call's budget.
   * Messages past the 16th of a sendmmsg/recvmmsg are counted, not delivered.
   */
  private static List<Datagram> expectedDatagrams(
      ExpectedCapture expected, String end, String peerEnd, Direction direction, InetSocketAddress peer) {
    List<byte[]> peerSent = new ArrayList<>();
    for (Call call : expected.calls(peerEnd, Direction.SENT)) {
      splitIntoMessages(call, peerSent);
    }
    List<Datagram> datagrams = new ArrayList<>();
    int received = 0;
    for (Call call : expected.calls(end, direction)) {
      List<byte[]> payloads = new ArrayList<>();
      if (direction == Direction.SENT) {
        splitIntoMessages(call, payloads);
      } else {
        for (int i = 0; i < call.messages().size(); i++) {
          payloads.add(peerSent.get(received++));
        }
      }
      List<Piece> prefixes = expected.datagramPrefixes(call);
      for (int i = 0; i < payloads.size(); i++) {
        byte[] whole = payloads.get(i);
        assertEquals(whole.length, call.messages().get(i).length(), "the program's log: message " + i + " of " + call);
        Piece prefix = prefixes.get(i);
        if (prefix.captured()) {
          int copied = Math.toIntExact(prefix.length());
          datagrams.add(new Datagram(direction, peer, Arrays.copyOf(whole, copied), whole.length - copied));
        }
      }
    }
    return datagrams;
  }

  /** The datagrams of one direction of one end, over every connection the tracer made of its socket. */
  private static void assertDatagrams(List<Datagram> expected, Run run, String end, Direction direction) {
    List<Datagram> seen = run.recordings(end).stream().flatMap(r -> r.datagrams().stream())
        .filter(d -> d.direction() == direction).toList();
    assertEquals(describe(expected), describe(seen), end + " " + direction + ": payload, peer and uncopied bytes of each");
    assertTrue(expected.size() > 3, "the plan sends several datagrams each way");
  }

  private static void splitIntoMessages(Call call, List<byte[]> out) {
    byte[] bytes = call.sentBytes();
    int offset = 0;
    for (ExpectedCapture.Message message : call.messages()) {
      int length = Math.toIntExact(message.length());
      out.add(Arrays.copyOfRange(bytes, offset, offset + length));
      offset += length;
    }
  }

  private static String describe(List<?> items) {
    return items.stream().map(item -> item instanceof Segment ? ((Segment) item).describe() : describeDatagram((Datagram) item))
        .collect(Collectors.joining("\n"));
  }

  private static String describeDatagram(Datagram datagram) {
    return datagram.direction() + " peer " + datagram.peer() + " "
        + Segment.data(datagram.payload()).describe() + " not captured " + datagram.notCapturedBytes();
  }

  private static byte[] concatenate(List<Segment> segments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    segments.forEach(s -> out.writeBytes(s.data()));
    return out.toByteArray();
  }

  // --- running the program under a tracer -------------------------------------------------

  private record Run(String transport, Process program, ExpectedCapture expected, List<Recording> recordings, TracerStats stats) {
    /** The connections the tracer made of one end's socket, in the order they were opened. */
    List<Recording> recordings(String end) {
      int fd = expected.fds.get(end);
      return recordings.stream().filter(r -> r.connection().fd() == fd).toList();
    }

    Recording recording(String end) {
      List<Recording> matching = recordings(end);
      assertEquals(1, matching.size(), "one connection for end " + end + ": " + recordings);
      return matching.get(0);
    }

    Recording client() {
      return recording("c");
    }

    Recording server() {
      return recording("s");
    }
  }

  private Run trace(String transport) throws Exception {
    Process process = SocketCallsProgram.start(program, transport, dir);
    try {
      RecordingParser parser = new RecordingParser();
      try (Tracer tracer = TestTracers.builder().parsers(parser).pids((int) process.pid())
          .captureBytesPerCall(CAPTURE_BYTES_PER_CALL).build()) {
        tracer.start();
        List<String> log = SocketCallsProgram.go(process);
        ExpectedCapture expected = new ExpectedCapture(log, CAPTURE_BYTES_PER_CALL);
        TracerStats stats = awaitAllClosed(tracer);
        List<Recording> recordings = parser.recordings();
        assertTrue(recordings.size() >= 2, "the two sockets are traced: " + recordings + "\n" + stats);
        assertTrue(recordings.stream().allMatch(Recording::closed), "every connection closed: " + stats);
        return new Run(transport, process, expected, recordings, stats);
      }
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Waits until every connection the tracer opened is closed (the program has exited). */
  private static TracerStats awaitAllClosed(Tracer tracer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    TracerStats stats = tracer.stats();
    while ((stats.connectionsOpened() < 2 || stats.connectionsClosed() < stats.connectionsOpened())
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stats = tracer.stats();
    }
    return stats;
  }

  private static int port(Run run, String end) {
    return Integer.parseInt(run.expected().addresses.get(end)[1]);
  }

  private static InetSocketAddress address(Run run, String end) {
    String[] hostAndPort = run.expected().addresses.get(end);
    return new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1]));
  }
}
