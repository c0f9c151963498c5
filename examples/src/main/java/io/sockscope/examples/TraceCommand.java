package io.sockscope.examples;

import com.google.gson.Gson;
import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Attaches a tracer with the given options and prints each exchange: the example a user copies
 * to embed sockscope.
 */
final class TraceCommand {
  private final TraceOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final Gson gson = new Gson();
  /** With --count: exchanges per protocol, then per role (by ordinal). */
  private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();

  TraceCommand(TraceOptions options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  int run() throws InterruptedException {
    Tracer.Builder builder = Tracer.builder().attachMode(options.backend)
        .onMessage(options.count ? this::count : this::print);
    options.pids.forEach(builder::pids);
    options.ports.forEach(builder::ports);
    if (options.tls) {
      builder.tlsUprobes();
    }
    if (options.captureBytesPerCall >= 0) {
      builder.captureBytesPerCall(options.captureBytesPerCall);
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    try (Tracer tracer = builder.build()) {
      // Ctrl-C or SIGTERM: stop tracing, and let the counts and stats be printed before the JVM exits.
      Thread hook = new Thread(() -> {
        stop.countDown();
        try {
          reported.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      tracer.start();
      TracerStats started = tracer.stats();
      err.printf("sockscope: attached %d programs (%s), parsers %s; tracing%s%n",
          started.programsAttached(), started.attachMode(), protocols(tracer),
          options.durationSeconds > 0 ? " for " + options.durationSeconds + " s" : " until Ctrl-C");
      tracer.tlsLibraries().forEach(library -> err.println("sockscope: TLS probes on " + library));
      if (!tracer.tlsLibraries().isEmpty() && options.pids.isEmpty() && !options.ports.isEmpty()) {
        err.println("sockscope: the TLS probes fire in every process that uses these libraries, whatever the"
            + " --port: each call costs a trap into the kernel; --pid keeps them to the processes named");
      }
      err.flush();
      long deadline = options.durationSeconds > 0
          ? System.nanoTime() + TimeUnit.SECONDS.toNanos(options.durationSeconds) : Long.MAX_VALUE;
      // With --count, the counts so far once a second: a script can tell what a stretch of load added.
      long step = options.count ? TimeUnit.SECONDS.toNanos(1) : Long.MAX_VALUE;
      while (!stop.await(Math.min(step, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
          && System.nanoTime() < deadline) {
        if (options.count) {
          printCounts("exchanges so far ");
        }
      }
      try {
        tracer.close();
        if (options.count) {
          printCounts("exchanges ");
        }
        err.println("sockscope: " + tracer.stats());
        err.flush();
      } finally {
        reported.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is already on its way out
      }
    }
    return 0;
  }

  private static String protocols(Tracer tracer) {
    StringBuilder names = new StringBuilder();
    tracer.parsers().forEach(p -> names.append(names.length() == 0 ? "" : ",").append(p.protocol()));
    return names.toString();
  }

  /** Prints the counts as {@code label{http client=3, http server=3}}: "protocol role", sorted. */
  private void printCounts(String label) {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((protocol, byRole) -> {
      for (Role role : Role.values()) {
        long count = byRole[role.ordinal()].sum();
        if (count > 0) {
          sorted.put(protocol + " " + role.name().toLowerCase(Locale.ROOT), count);
        }
      }
    });
    out.println(label + sorted);
    out.flush();
  }

  /** Runs for every exchange, on the handler threads: a lookup and an increment, no text made. */
  private void count(Exchange exchange) {
    counts.computeIfAbsent(exchange.protocol(), protocol -> newCounters())[exchange.connection().role().ordinal()]
        .increment();
  }

  private static LongAdder[] newCounters() {
    LongAdder[] byRole = new LongAdder[Role.values().length];
    Arrays.setAll(byRole, i -> new LongAdder());
    return byRole;
  }

  private synchronized void print(Exchange exchange) {
    out.println(options.json ? gson.toJson(json(exchange)) : exchange.toString());
    out.flush();
  }

  static Map<String, Object> json(Exchange exchange) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("time", exchange.startTime().toString());
    object.put("protocol", exchange.protocol());
    object.put("pid", exchange.connection().pid());
    object.put("command", exchange.connection().command());
    object.put("role", exchange.connection().role().name().toLowerCase(java.util.Locale.ROOT));
    object.put("local", Connection.format(exchange.connection().localAddress()));
    object.put("remote", Connection.format(exchange.connection().remoteAddress()));
    exchange.connection().tls().ifPresent(library -> {
      object.put("tls", library.kind().shortName());
      object.put("tls_library", library.path());
    });
    object.put("latency_ns", exchange.latency().toNanos());
    object.put("summary", exchange.summary());
    object.put("attributes", exchange.attributes());
    return object;
  }

}
