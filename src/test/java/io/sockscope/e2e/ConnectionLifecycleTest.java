package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import io.sockscope.e2e.RecordingParser.Recording;
import io.sockscope.spi.Direction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where connections begin and end: a descriptor number closed and reused is a new connection,
 * a forked child writing on an inherited socket is its own connection under its own pid, and a
 * process that exits closes what it left open.
 */
@KernelTest
class ConnectionLifecycleTest {
  @TempDir Path dir;

  private static final String FD_REUSE = String.join("\n",
      "import socket, sys",
      "sys.stdin.readline()",
      "listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(4)",
      "def exchange(request, reply):",
      "    c = socket.create_connection(listener.getsockname())",
      "    s, _ = listener.accept()",
      "    c.sendall(request)",
      "    got = b''",
      "    while len(got) < len(request): got += s.recv(4096)",
      "    s.sendall(reply)",
      "    got = b''",
      "    while len(got) < len(reply): got += c.recv(4096)",
      "    fds = (c.fileno(), s.fileno())",
      "    c.close(); s.close()",
      "    return fds",
      "first = exchange(b'first connection: request', b'first reply')",
      "second = exchange(b'second connection, other bytes', b'second reply!')",
      "print(*first, *second, flush=True)",
      "");

  @Test
  void aClosedAndReusedDescriptorNumberIsANewConnectionWithItsOwnBytes() throws Exception {
    RecordingParser parser = new RecordingParser();
    try (PythonScript python = PythonScript.start(dir, "reuse.py", FD_REUSE);
        Tracer tracer = TestTracers.builder().parsers(parser).pids(python.pid()).build()) {
      tracer.start();
      python.go();
      String[] fds = python.readLine().split(" ");
      python.awaitExit();
      int clientFd = Integer.parseInt(fds[0]);
      int serverFd = Integer.parseInt(fds[1]);
      assertEquals(List.of(fds[0], fds[1]), List.of(fds[2], fds[3]), "the second pair reused the first pair's numbers");

      List<Recording> clients = parser.awaitClosed(fd(clientFd), 2, 10);
      List<Recording> servers = parser.awaitClosed(fd(serverFd), 2, 10);
      assertEquals(2, clients.size(), "two connections on client fd " + clientFd + ": " + parser.recordings());
      assertEquals(2, servers.size(), "two connections on server fd " + serverFd + ": " + parser.recordings());
      assertNotEquals(clients.get(0).connection().generation(), clients.get(1).connection().generation());
      assertNotEquals(clients.get(0).connection(), clients.get(1).connection());
      assertTrue(clients.get(0).connection().generation() < clients.get(1).connection().generation(), "in order");

      assertBytes("first connection: request", clients.get(0), Direction.SENT);
      assertBytes("first reply", clients.get(0), Direction.RECEIVED);
      assertBytes("second connection, other bytes", clients.get(1), Direction.SENT);
      assertBytes("second reply!", clients.get(1), Direction.RECEIVED);
      assertBytes("first connection: request", servers.get(0), Direction.RECEIVED);
      assertBytes("first reply", servers.get(0), Direction.SENT);
      assertBytes("second connection, other bytes", servers.get(1), Direction.RECEIVED);
      assertBytes("second reply!", servers.get(1), Direction.SENT);
      for (Recording client : clients) {
        assertEquals(Role.CLIENT, client.connection().role());
      }
      for (Recording server : servers) {
        assertEquals(Role.SERVER, server.connection().role());
      }
      assertNotEquals(clients.get(0).connection().localAddress(), clients.get(1).connection().localAddress(),
          "each connection has its own ephemeral port");

      TracerStats stats = tracer.stats();
      assertEquals(4, stats.connectionsOpened(), stats.toString());
      assertEquals(4, stats.connectionsClosed(), stats.toString());
      assertEquals(2 * (25 + 11 + 30 + 13), stats.bytesCaptured(), stats.toString());
      assertTrue(!stats.anyLoss(), stats.toString());
    }
  }

  private static final String FORK = String.join("\n",
      "import os, socket, sys",
      "port = int(sys.argv[1])",
      "listener = socket.socket()",
      "listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
      "listener.bind(('127.0.0.1', port)); listener.listen(1)",
      "print('ready', flush=True)",
      "sys.stdin.readline()",
      "c = socket.create_connection(('127.0.0.1', port))",
      "s, _ = listener.accept()",
      "child = os.fork()",
      "if child == 0:",
      "    os.write(c.fileno(), b'from-child')",
      "    os._exit(0)",
      "os.waitpid(child, 0)",
      "os.write(c.fileno(), b'from-parent')",
      "got = b''",
      "while len(got) < 21: got += s.recv(64)",
      "print(child, c.fileno(), s.fileno(), c.getsockname()[1], got.decode(), flush=True)",
      "c.close(); s.close()",
      "");

  @Test
  void aForkedChildsWritesOnAnInheritedSocketBelongToTheChildsOwnConnection() throws Exception {
    int port = freeNonEphemeralPort();
    RecordingParser parser = new RecordingParser();
    try (PythonScript python = PythonScript.start(dir, "fork.py", FORK, String.valueOf(port));
        // The child's pid is only known after the fork: trace by the listener's port.
        Tracer tracer = TestTracers.builder().parsers(parser).ports(port).build()) {
      assertEquals("ready", python.readLine());
      tracer.start();
      python.go();
      String[] seen = python.readLine().split(" ");
      python.awaitExit();
      int parent = python.pid();
      int child = Integer.parseInt(seen[0]);
      int clientFd = Integer.parseInt(seen[1]);
      int serverFd = Integer.parseInt(seen[2]);
      int clientPort = Integer.parseInt(seen[3]);
      assertEquals("from-childfrom-parent", seen[4], "what the server end read");

      List<Recording> recordings = parser.awaitClosed(r -> true, 3, 10);
      assertEquals(3, recordings.size(), "parent's client end, parent's server end, child's client end: " + recordings);
      Recording childEnd = only(recordings, r -> r.connection().pid() == child);
      Recording parentClient = only(recordings, r -> r.connection().pid() == parent && r.connection().fd() == clientFd);
      Recording parentServer = only(recordings, r -> r.connection().pid() == parent && r.connection().fd() == serverFd);

      assertEquals(clientFd, childEnd.connection().fd(), "the inherited descriptor");
      assertBytes("from-child", childEnd, Direction.SENT);
      assertBytes("", childEnd, Direction.RECEIVED);
      assertEquals(Role.CLIENT, childEnd.connection().role(), "first seen in a write: the ephemeral port is the client");
      assertEquals(new InetSocketAddress("127.0.0.1", clientPort), childEnd.connection().localAddress());
      assertEquals(new InetSocketAddress("127.0.0.1", port), childEnd.connection().remoteAddress());
      assertTrue(childEnd.closed(), "closed when the child exited");

      assertBytes("from-parent", parentClient, Direction.SENT);
      assertEquals(Role.CLIENT, parentClient.connection().role());
      assertBytes("from-childfrom-parent", parentServer, Direction.RECEIVED);
      assertEquals(Role.SERVER, parentServer.connection().role());

      TracerStats stats = tracer.stats();
      assertEquals(3, stats.connectionsOpened(), stats.toString());
      assertEquals(3, stats.connectionsClosed(), stats.toString());
      assertEquals(10 + 11 + 21, stats.bytesCaptured(), stats.toString());
      assertEquals(0, stats.bytesLostInGaps(), stats.toString());
    }
  }

  private static final String EXIT_WITH_OPEN_SOCKETS = String.join("\n",
      "import os, socket, sys",
      "sys.stdin.readline()",
      "listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(1)",
      "c = socket.create_connection(listener.getsockname())",
      "s, _ = listener.accept()",
      "c.sendall(b'left open'); assert s.recv(64) == b'left open'",
      "print(c.fileno(), s.fileno(), flush=True)",
      "sys.stdin.readline()",
      "os._exit(0)", // no close(): the kernel closes the descriptors as the process exits
      "");

  @Test
  void aProcessThatExitsWithSocketsOpenClosesItsConnections() throws Exception {
    RecordingParser parser = new RecordingParser();
    try (PythonScript python = PythonScript.start(dir, "exit.py", EXIT_WITH_OPEN_SOCKETS);
        Tracer tracer = TestTracers.builder().parsers(parser).pids(python.pid()).build()) {
      tracer.start();
      python.go();
      python.readLine();
      List<Recording> open = awaitBytes(parser, 2, "left open".length());
      assertEquals(2, open.size(), parser.recordings().toString());
      TracerStats whileRunning = tracer.stats();
      assertEquals(2, whileRunning.connectionsOpened(), whileRunning.toString());
      assertEquals(0, whileRunning.connectionsClosed(), "nothing closed yet: " + whileRunning);
      assertTrue(open.stream().noneMatch(Recording::closed));

      python.go();
      python.awaitExit();
      List<Recording> closed = parser.awaitClosed(r -> true, 2, 10);
      assertTrue(closed.stream().allMatch(Recording::closed), "sessions told of the close: " + closed);
      TracerStats afterExit = tracer.stats();
      assertEquals(2, afterExit.connectionsOpened(), afterExit.toString());
      assertEquals(2, afterExit.connectionsClosed(), "closed by the process's exit: " + afterExit);
    }
  }

  /** Waits until {@code count} connections have carried {@code bytes} bytes in either direction. */
  private static List<Recording> awaitBytes(RecordingParser parser, int count, int bytes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Predicate<Recording> done = r -> r.bytes(Direction.SENT).length + r.bytes(Direction.RECEIVED).length >= bytes;
    while (parser.recordings().stream().filter(done).count() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return parser.recordings();
  }

  private static void assertBytes(String expected, Recording recording, Direction direction) {
    assertEquals(expected, new String(recording.bytes(direction), StandardCharsets.ISO_8859_1), recording + " " + direction);
  }

  private static Predicate<Recording> fd(int fd) {
    return r -> r.connection().fd() == fd;
  }

  private static Recording only(List<Recording> recordings, Predicate<Recording> filter) {
    List<Recording> matching = recordings.stream().filter(filter).toList();
    assertEquals(1, matching.size(), recordings.toString());
    return matching.get(0);
  }

  /** A free port below the ephemeral range, so a connection's role can be told from its ports. */
  static int freeNonEphemeralPort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 30000");
  }
}
