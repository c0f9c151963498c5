package io.sockscope.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.BinaryConnectionFactory;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.DefaultConnectionFactory;
import net.spy.memcached.MemcachedClient;

/**
 * A small program that makes spymemcached calls against a memcached, run by the tests in a JVM of
 * its own: the tracer never traces its own process, so the client must be another one. Prints one
 * line per call's result.
 *
 * <p>Arguments: the port, {@code text} or {@code binary}.
 */
public final class SpymemcachedCalls {
  private SpymemcachedCalls() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    ConnectionFactory factory = args[1].equals("binary") ? new BinaryConnectionFactory() : new DefaultConnectionFactory();
    MemcachedClient client = new MemcachedClient(factory, List.of(new InetSocketAddress("127.0.0.1", port)));
    try {
      System.out.println("set " + client.set("counter", 0, "10").get(10, TimeUnit.SECONDS));
      System.out.println("incr " + client.incr("counter", 5));
      Map<String, Object> bulk = new TreeMap<>(client.getBulk("b.txt", "c.txt", "nothere"));
      System.out.println("bulk " + bulk.keySet());
    } finally {
      client.shutdown(10, TimeUnit.SECONDS); // sends a no-op (VERSION in text, NOOP in binary) to flush
    }
  }

  /** Runs this program in a new JVM against {@code port}; returns what it printed. */
  static String run(int port, boolean binary) throws java.io.IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Commands.run(List.of(java, "-cp", System.getProperty("java.class.path"),
        SpymemcachedCalls.class.getName(), String.valueOf(port), binary ? "binary" : "text"));
  }
}
