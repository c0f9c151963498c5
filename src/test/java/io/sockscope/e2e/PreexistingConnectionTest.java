package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection opened before the tracer started is recognised as a socket at its first read or
 * write after start, with its addresses read from the kernel's socket.
 */
@KernelTest
class PreexistingConnectionTest {
  @TempDir Path dir;

  @Test
  void aKeepAliveConnectionOpenedBeforeStartIsTracedAfterIt() throws Exception {
    try (Nginx nginx = Nginx.start(dir)) {
      Files.writeString(nginx.root.resolve("a.html"), "before and after\n");
      // One keep-alive connection: a request before the tracer starts, one after.
      Path script = dir.resolve("client.py");
      Files.writeString(script, String.join("\n",
          "import http.client, sys",
          "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]))",
          "for _ in range(2):",
          "    c.request('GET', '/a.html'); r = c.getresponse(); r.read()",
          "    print(r.status, c.sock.getsockname()[1], flush=True)",
          "    sys.stdin.readline()",
          ""));
      Process client = new ProcessBuilder("python3", script.toString(), String.valueOf(nginx.port)).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
          OutputStream in = client.getOutputStream()) {
        String[] first = out.readLine().split(" ");
        ExchangeCollector collector = new ExchangeCollector();
        try (Tracer tracer = TestTracers.builder().pids((int) client.pid()).onMessage(collector).build()) {
          tracer.start();
          in.write('\n');
          in.flush();
          String[] second = out.readLine().split(" ");
          assertEquals(first[1], second[1], "the same connection");
          List<Exchange> seen = collector.await(e -> true, 1, 10);
          assertEquals(1, seen.size(), "only the request after start: " + seen);
          Exchange exchange = seen.get(0);
          assertEquals("GET", exchange.attribute("http.request.method"));
          assertEquals(200L, exchange.attribute("http.response.status_code"));
          assertEquals(Role.CLIENT, exchange.connection().role(), "unknown when first seen; the request it sent shows it");
          assertEquals("python3", exchange.connection().command());
          assertEquals(new InetSocketAddress("127.0.0.1", nginx.port), exchange.connection().remoteAddress());
          assertEquals(new InetSocketAddress("127.0.0.1", Integer.parseInt(second[1])), exchange.connection().localAddress());
          in.write('\n');
          in.flush();
          assertTrue(client.waitFor(10, TimeUnit.SECONDS));
        }
      } finally {
        client.destroy();
      }
    }
  }
}
