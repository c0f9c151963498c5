package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.TlsLibrary;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS plaintext from the probes on OpenSSL and GnuTLS, with real TLS clients and servers on
 * loopback: curl and nginx, Python's ssl module, openssl s_client and s_server, gnutls-cli, and
 * node (OpenSSL linked into its executable).
 */
@KernelTest
class TlsTracingTest {
  @TempDir Path dir;

  @Test
  void curlToNginxOverTlsOneHundredKeepAliveRequests() throws Exception {
    try (Nginx nginx = Nginx.startTls(dir)) {
      Files.writeString(nginx.root.resolve("index.html"), "secret\n");
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(nginx.port).onMessage(collector).build()) {
        tracer.start();
        assertTrue(tracer.tlsLibraries().stream().anyMatch(l -> l.kind() == TlsLibrary.Kind.OPENSSL
            && l.path().contains("libssl.so") && l.attachDelay().isEmpty()), tracer.tlsLibraries().toString());

        String codes = Commands.run(List.of("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}\\n",
            nginx.url("/index.html?i=[1-100]")));
        assertEquals(List.of("200"), codes.lines().distinct().toList());
        assertEquals(100, codes.lines().count());

        List<Exchange> server = collector.await(http(Role.SERVER), 100, 30);
        List<Exchange> client = collector.await(http(Role.CLIENT), 100, 10);
        assertEquals(100, server.size(), "server side");
        assertEquals(100, client.size(), "client side");
        for (int i = 0; i < 100; i++) {
          for (Exchange exchange : List.of(server.get(i), client.get(i))) {
            assertEquals("GET", exchange.attribute("http.request.method"), exchange.toString());
            assertEquals("/index.html", exchange.attribute("url.path"));
            assertEquals("i=" + (i + 1), exchange.attribute("url.query"));
            assertEquals(200L, exchange.attribute("http.response.status_code"));
            assertEquals(7L, exchange.attribute("http.response.body.size"));
            assertLibrary(exchange, TlsLibrary.Kind.OPENSSL, "libssl.so");
          }
          assertEquals("nginx", server.get(i).connection().command());
          assertEquals("curl", client.get(i).connection().command());
        }
        assertEquals(1, server.stream().map(Exchange::connection).distinct().count(), "one keep-alive connection");
        // Never twice: nothing was parsed from the ciphertext at the socket.
        assertEquals(200, collector.all().size(), "all exchanges on the port");
        TracerStats stats = TracerWaits.awaitClosed(tracer, 2);
        assertEquals(2, stats.connectionsTls(), stats.toString());
        assertEquals(0, stats.connectionsEncryptedWithoutPlaintext(), stats.toString());
        assertFalse(stats.anyLoss(), stats.toString());
      }
    }
  }

  @Test
  void pythonSslModuleAsClientAndAsServer() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
    int port = Nginx.freePort();
    Path script = dir.resolve("tls.py");
    Files.writeString(script, String.join("\n",
        "import http.client, http.server, socketserver, ssl, sys, threading",
        "class Handler(http.server.BaseHTTPRequestHandler):",
        "    protocol_version = 'HTTP/1.1'",
        "    def do_GET(self):",
        "        body = ('python says ' + self.path).encode()",
        "        self.send_response(200)",
        "        self.send_header('Content-Length', str(len(body)))",
        "        self.end_headers()",
        "        self.wfile.write(body)",
        "    def log_message(self, *args):",
        "        pass",
        "server = socketserver.TCPServer(('127.0.0.1', int(sys.argv[1])), Handler)",
        "context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
        "context.load_cert_chain(sys.argv[2], sys.argv[3])",
        "server.socket = context.wrap_socket(server.socket, server_side=True)",
        "threading.Thread(target=server.serve_forever, daemon=True).start()",
        "client = http.client.HTTPSConnection('127.0.0.1', int(sys.argv[1]),",
        "                                     context=ssl._create_unverified_context())",
        "for i in range(3):",
        "    client.request('GET', '/py/' + str(i))",
        "    response = client.getresponse()",
        "    print(response.status, response.read().decode())",
        "client.close()",
        "server.shutdown()",
        ""));
    ExchangeCollector collector = new ExchangeCollector();
    try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(port).onMessage(collector).build()) {
      tracer.start();
      String output = Commands.run(List.of("python3", script.toString(), String.valueOf(port),
          certificate.certificate().toString(), certificate.key().toString()));
      assertEquals("200 python says /py/0\n200 python says /py/1\n200 python says /py/2\n", output);

      for (Role role : List.of(Role.CLIENT, Role.SERVER)) {
        List<Exchange> seen = collector.await(http(role), 3, 15);
        assertEquals(3, seen.size(), role + ": " + collector.all());
        for (int i = 0; i < 3; i++) {
          assertEquals("/py/" + i, seen.get(i).attribute("url.path"));
          assertEquals(200L, seen.get(i).attribute("http.response.status_code"));
          assertEquals((long) ("python says /py/" + i).length(), seen.get(i).attribute("http.response.body.size"));
          assertLibrary(seen.get(i), TlsLibrary.Kind.OPENSSL, "libssl.so");
        }
      }
      assertEquals(6, collector.all().size(), collector.all().toString());
      assertFalse(tracer.stats().anyLoss(), tracer.stats().toString());
    }
  }

  @Test
  void opensslSClientToSServer() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
    int port = Nginx.freePort();
    ExchangeCollector collector = new ExchangeCollector();
    try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(port).onMessage(collector).build()) {
      tracer.start();
      Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port,
          "-cert", certificate.certificate().toString(), "-key", certificate.key().toString())
          .redirectErrorStream(true).start();
      Process client = null;
      try {
        BufferedReader serverOut = reader(server);
        awaitLine(serverOut, l -> l.equals("ACCEPT"));
        client = new ProcessBuilder("openssl", "s_client", "-quiet", "-no_ign_eof", "-connect", "127.0.0.1:" + port)
            .redirectErrorStream(true).start();
        BufferedReader clientOut = reader(client);
        write(client, "GET /from-s_client HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals("GET /from-s_client HTTP/1.1", awaitLine(serverOut, l -> l.startsWith("GET ")));
        write(server, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n");
        assertEquals("hello", awaitLine(clientOut, l -> l.equals("hello")));

        for (Role role : List.of(Role.CLIENT, Role.SERVER)) {
          List<Exchange> seen = collector.await(http(role), 1, 15);
          assertEquals(1, seen.size(), role + ": " + collector.all());
          assertEquals("/from-s_client", seen.get(0).attribute("url.path"));
          assertEquals(200L, seen.get(0).attribute("http.response.status_code"));
          assertEquals("openssl", seen.get(0).connection().command());
          assertLibrary(seen.get(0), TlsLibrary.Kind.OPENSSL, "libssl.so");
        }
        assertEquals(2, collector.all().size(), collector.all().toString());
      } finally {
        stop(client);
        stop(server);
      }
    }
  }

  @Test
  void gnutlsCliToNginx() throws Exception {
    try (Nginx nginx = Nginx.startTls(dir)) {
      Files.writeString(nginx.root.resolve("gnu.txt"), "GnuTLS plaintext\n");
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(nginx.port).onMessage(collector).build()) {
        tracer.start();
        assertTrue(tracer.tlsLibraries().stream().anyMatch(l -> l.kind() == TlsLibrary.Kind.GNUTLS),
            tracer.tlsLibraries().toString());
        Process cli = new ProcessBuilder("gnutls-cli", "--insecure", "-p", String.valueOf(nginx.port), "127.0.0.1")
            .redirectErrorStream(true).start();
        try {
          BufferedReader out = reader(cli);
          write(cli, "GET /gnu.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
          assertEquals("GnuTLS plaintext", awaitLine(out, l -> l.equals("GnuTLS plaintext")));
        } finally {
          stop(cli);
        }
        List<Exchange> client = collector.await(http(Role.CLIENT), 1, 15);
        assertEquals(1, client.size(), collector.all().toString());
        assertEquals("/gnu.txt", client.get(0).attribute("url.path"));
        assertEquals(200L, client.get(0).attribute("http.response.status_code"));
        assertEquals(17L, client.get(0).attribute("http.response.body.size"));
        assertEquals("gnutls-cli", client.get(0).connection().command());
        assertLibrary(client.get(0), TlsLibrary.Kind.GNUTLS, "libgnutls.so");
        List<Exchange> server = collector.await(http(Role.SERVER), 1, 5);
        assertEquals(1, server.size(), collector.all().toString());
        assertLibrary(server.get(0), TlsLibrary.Kind.OPENSSL, "libssl.so");
      }
    }
  }

  @Test
  void nodeHttpsClientWithOpensslInsideItsExecutable() throws Exception {
    try (Nginx nginx = Nginx.startTls(dir)) {
      Files.writeString(nginx.root.resolve("node.txt"), "hello node\n");
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(nginx.port).onMessage(collector).build()) {
        tracer.start();
        awaitNodeProbed(tracer);
        String output = Commands.run(List.of("node", "-e", nodeClient(nginx.port, "/node.txt", 3, 0)));
        assertEquals("200 hello node\n".repeat(3), output);

        List<Exchange> client = collector.await(http(Role.CLIENT), 3, 15);
        assertEquals(3, client.size(), collector.all().toString());
        for (int i = 0; i < 3; i++) {
          assertEquals("/node.txt", client.get(i).attribute("url.path"));
          assertEquals("i=" + i, client.get(i).attribute("url.query"));
          assertEquals(11L, client.get(i).attribute("http.response.body.size"));
          assertEquals(200L, client.get(i).attribute("http.response.status_code"));
          assertEquals("node", client.get(i).connection().command());
          assertTrue(client.get(i).connection().tls().isPresent(), client.get(i).toString());
        }
        assertEquals(1, client.stream().map(Exchange::connection).distinct().count(), "one keep-alive connection");
        assertEquals(6, collector.await(e -> true, 6, 10).size(), "3 from node, 3 from nginx, none twice");
        assertFalse(tracer.stats().anyLoss(), tracer.stats().toString());
      }
    }
  }

  @Test
  void clientsStartedAfterTheTracerAreSeenFromTheirFirstRequest() throws Exception {
    try (Nginx nginx = Nginx.startTls(dir)) {
      Files.writeString(nginx.root.resolve("late.txt"), "late\n");
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(nginx.port).onMessage(collector).build()) {
        tracer.start();
        boolean nodeProbedAtStart = tracer.tlsLibraries().stream().anyMatch(l -> l.path().endsWith("/node"));
        // curl, started now, uses the shared libssl probed at start: its only request is seen.
        Commands.run(List.of("curl", "-sk", "-o", "/dev/null", nginx.url("/late.txt?curl")));
        // node, started now, has OpenSSL in its own executable: found at its exec. It requests at
        // once, then twice more a second apart. If the probes came after its TLS handshake, the
        // first request after them binds the session (its own plaintext is counted, not shown)
        // and the one after is read.
        String output = Commands.run(List.of("node", "-e", nodeClient(nginx.port, "/late.txt", 3, 1000)));
        assertEquals("200 late\n".repeat(3), output);

        List<Exchange> client = collector.await(http(Role.CLIENT), 3, 15);
        assertEquals("curl", client.get(0).connection().command(), collector.all().toString());
        assertEquals("curl", client.get(0).attribute("url.query"));
        List<Exchange> fromNode = client.stream().filter(e -> e.connection().command().equals("node")).toList();
        assertTrue(fromNode.stream().anyMatch(e -> "i=2".equals(e.attribute("url.query"))),
            () -> fromNode.stream().map(e -> e.attribute("url.query") + " " + e).toList() + " of "
                + collector.all() + "; " + tracer.stats() + "; " + tracer.tlsLibraries());

        Optional<TlsLibrary> node = tracer.tlsLibraries().stream().filter(l -> l.path().endsWith("/node")).findFirst();
        if (!nodeProbedAtStart && node.isPresent() && node.get().attachDelay().isPresent()) {
          Duration delay = node.get().attachDelay().get();
          System.out.println("node's executable probed " + delay.toMillis() + " ms after its exec; first request "
              + (fromNode.stream().anyMatch(e -> "i=0".equals(e.attribute("url.query"))) ? "seen" : "missed"));
          // Under QEMU's software emulation everything is about ten times slower: the runner says so.
          Duration bound = Duration.ofSeconds(1).multipliedBy(ServerProcess.timeScale());
          assertTrue(delay.compareTo(bound) < 0, "attached within " + bound + " of the exec: " + delay);
        }
      }
    }
  }

  @Test
  void aConnectionThatTurnsToTlsAfterPlainBytesIsParsedAndSeenClosingWhileItsProcessLives() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
    int port = Nginx.freePort();
    Path script = dir.resolve("starttls.py");
    Files.writeString(script, String.join("\n",
        "import socket, ssl, sys, threading, time",
        "listener = socket.create_server(('127.0.0.1', int(sys.argv[1])))",
        "server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
        "server_context.load_cert_chain(sys.argv[2], sys.argv[3])",
        "def serve():",
        "    connection, _ = listener.accept()",
        "    assert connection.recv(9) == b'STARTTLS\\n'",  // plain bytes no parser knows
        "    connection.sendall(b'GO\\n')",
        "    tls = server_context.wrap_socket(connection, server_side=True)",
        "    tls.recv(4096)",
        "    tls.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nupgr\\n')",
        "    tls.recv(1)",  // until the client closes
        "    tls.close()",
        "thread = threading.Thread(target=serve)",
        "thread.start()",
        "client = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
        "client.sendall(b'STARTTLS\\n')",
        "assert client.recv(3) == b'GO\\n'",
        "tls = ssl._create_unverified_context().wrap_socket(client)",
        "tls.sendall(b'GET /upgraded HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n')",
        "print(tls.recv(4096).decode().split('\\r\\n')[0], flush=True)",
        "tls.close()",
        "thread.join()",
        "print('closed', flush=True)",
        "time.sleep(20)",  // alive: the closes must come from the close calls, not the exit
        ""));
    ExchangeCollector collector = new ExchangeCollector();
    try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(port).onMessage(collector).build()) {
      tracer.start();
      Process python = new ProcessBuilder("python3", script.toString(), String.valueOf(port),
          certificate.certificate().toString(), certificate.key().toString()).redirectErrorStream(true).start();
      try {
        BufferedReader out = reader(python);
        assertEquals("HTTP/1.1 200 OK", awaitLine(out, l -> l.startsWith("HTTP/")));
        awaitLine(out, l -> l.equals("closed"));
        for (Role role : List.of(Role.CLIENT, Role.SERVER)) {
          List<Exchange> seen = collector.await(http(role), 1, 15);
          assertEquals(1, seen.size(), role + ": " + collector.all());
          assertEquals("/upgraded", seen.get(0).attribute("url.path"));
          assertLibrary(seen.get(0), TlsLibrary.Kind.OPENSSL, "libssl.so");
        }
        TracerStats stats = TracerWaits.awaitClosed(tracer, 2);
        assertTrue(python.isAlive(), "the process still runs");
        assertEquals(2, stats.connectionsClosed(), "both ends closed while the process lives: " + stats);
        assertEquals(2, stats.connectionsTls(), stats.toString());
        assertEquals(2, stats.connectionsWithoutProtocol(), "the plain STARTTLS line, on each end: " + stats);
      } finally {
        stop(python);
      }
    }
  }

  @Test
  void aFileThatLooksLikeATlsLibraryButIsNotOneIsSkippedWithItsReasonAndTlsGoesOn() throws Exception {
    // zlib renamed libssl.so.99 and preloaded into a process: named like OpenSSL, no SSL_write.
    Path zlib = java.util.stream.Stream.of("/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1",
            "/usr/lib/aarch64-linux-gnu/libz.so.1", "/usr/lib64/libz.so.1")
        .map(Path::of).filter(Files::isRegularFile).findFirst().orElseThrow(() -> new AssertionError("no libz.so.1"));
    Path fake = Files.copy(zlib, dir.resolve("libssl.so.99"));
    ProcessBuilder builder = new ProcessBuilder("sleep", "60");
    builder.environment().put("LD_PRELOAD", fake.toString());
    Process sleeper = builder.start();
    try (Nginx nginx = Nginx.startTls(dir)) {
      Path maps = Path.of("/proc", String.valueOf(sleeper.pid()), "maps");
      for (int i = 0; i < 100 && !Files.readString(maps).contains(fake.toString()); i++) {
        Thread.sleep(20);
      }
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(nginx.port).onMessage(collector).build()) {
        tracer.start();
        TracerStats stats = tracer.stats();
        assertTrue(stats.tlsLibrariesSkipped() >= 1, stats.toString());
        assertTrue(stats.lossReasons().keySet().stream().anyMatch(reason -> reason.startsWith("tls: " + fake + " not probed: ")
            && reason.contains("no TLS function the probes know")), stats.lossReasons().toString());
        assertTrue(tracer.tlsLibraries().stream().noneMatch(l -> l.path().equals(fake.toString())));

        Files.writeString(nginx.root.resolve("still.txt"), "still traced\n");
        Commands.run(List.of("curl", "-sk", "-o", "/dev/null", nginx.url("/still.txt")));
        List<Exchange> client = collector.await(http(Role.CLIENT), 1, 15);
        assertEquals(1, client.size(), collector.all().toString());
        assertEquals("/still.txt", client.get(0).attribute("url.path"));
        assertLibrary(client.get(0), TlsLibrary.Kind.OPENSSL, "libssl.so.3");
      }
    } finally {
      sleeper.destroy();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs node once and waits until the tracer has probed its executable, when OpenSSL is linked
   * into it (a node built against the shared libssl is covered from the start).
   */
  private static void awaitNodeProbed(Tracer tracer) throws Exception {
    boolean linkedIn = Commands.run(List.of("node", "-p", "process.versions.openssl + ' ' + process.config.variables.node_shared_openssl"))
        .strip().endsWith("false");
    for (int i = 0; linkedIn && i < 200; i++) {
      if (tracer.tlsLibraries().stream().anyMatch(l -> l.path().endsWith("/node") || l.path().contains("/nodejs"))) {
        return;
      }
      Thread.sleep(50);
    }
    assertFalse(linkedIn, "node's executable was not probed within 10 s: " + tracer.tlsLibraries());
  }

  /** A node program making {@code requests} HTTPS requests on one keep-alive connection, {@code pauseMillis} apart. */
  private static String nodeClient(int port, String path, int requests, int pauseMillis) {
    return String.join("\n",
        "const https = require('https');",
        "const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });",
        "function get(i) {",
        "  if (i === " + requests + ") { agent.destroy(); return; }",
        "  https.get({ host: '127.0.0.1', port: " + port + ", path: '" + path + "?i=' + i, agent,",
        "              rejectUnauthorized: false }, res => {",
        "    let body = '';",
        "    res.on('data', d => body += d);",
        "    res.on('end', () => { process.stdout.write(res.statusCode + ' ' + body); setTimeout(() => get(i + 1), "
            + pauseMillis + "); });",
        "  });",
        "}",
        "get(0);",
        "");
  }

  private static Predicate<Exchange> http(Role role) {
    return e -> e.connection().role() == role && "http".equals(e.protocol());
  }

  private static void assertLibrary(Exchange exchange, TlsLibrary.Kind kind, String file) {
    TlsLibrary library = exchange.connection().tls().orElseThrow(() -> new AssertionError("not TLS: " + exchange));
    assertEquals(kind, library.kind(), exchange.toString());
    assertTrue(library.path().contains(file), library.toString());
  }

  private static BufferedReader reader(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void write(Process process, String text) throws java.io.IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Reads lines until one matches, for at most 15 s; the lines read are in the failure message. */
  private static String awaitLine(BufferedReader reader, Predicate<String> wanted) throws Exception {
    List<String> read = new ArrayList<>();
    java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      return executor.submit(() -> {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          read.add(line);
          if (wanted.test(line)) {
            return line;
          }
        }
        throw new AssertionError("output ended: " + read);
      }).get(15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no such line within 15 s: " + read, e);
    } finally {
      executor.shutdownNow();
    }
  }

  private static void stop(Process process) throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
