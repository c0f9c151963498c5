package io.sockscope.examples;

import io.sockscope.AttachMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code trace} command's options, parsed from its arguments. Immutable once parsed. */
final class TraceOptions {
  final List<Integer> pids = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();
  long durationSeconds; // 0: until interrupted
  boolean json;
  boolean count;
  boolean tls = true;
  int captureBytesPerCall = -1; // -1: the tracer's default
  AttachMode backend = AttachMode.AUTO;

  static final String USAGE = String.join("\n",
      "usage: sockscope trace [--pid PID]... [--port PORT]... [--duration SECONDS] [--json]"
          + " [--capture-bytes N] [--backend auto|tracepoints|kprobes] [--no-tls]",
      "  Traces the application messages processes on this host exchange and prints one line per",
      "  exchange on stdout (one JSON object per line with --json). Needs root.",
      "  --pid PID          only this process (repeatable)",
      "  --port PORT        only connections with this port at either end (repeatable)",
      "  --duration SECONDS stop after this long (default: until Ctrl-C)",
      "  --json             one JSON object per exchange",
      "  --count            print no exchanges, only their counts per protocol and side: so far,",
      "                     once a second, and in all at the end",
      "  --capture-bytes N  payload bytes copied per system call (default 65536, at most 983040)",
      "  --backend B        syscall probes: auto (default), tracepoints or kprobes",
      "  --no-tls           no uprobes on TLS libraries (OpenSSL, GnuTLS): TLS connections stay unread");

  static TraceOptions parse(List<String> args) {
    TraceOptions options = new TraceOptions();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--json":
          options.json = true;
          break;
        case "--count":
          options.count = true;
          break;
        case "--no-tls":
          options.tls = false;
          break;
        case "--pid":
          options.pids.add(number(arg, value(args, ++i, arg)));
          break;
        case "--port":
          options.ports.add(number(arg, value(args, ++i, arg)));
          break;
        case "--duration":
          options.durationSeconds = number(arg, value(args, ++i, arg));
          if (options.durationSeconds <= 0) {
            throw new IllegalArgumentException("--duration must be positive");
          }
          break;
        case "--capture-bytes":
          options.captureBytesPerCall = number(arg, value(args, ++i, arg));
          break;
        case "--backend":
          String backend = value(args, ++i, arg);
          try {
            options.backend = AttachMode.valueOf(backend.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--backend takes auto, tracepoints or kprobes, got '" + backend + "'");
          }
          break;
        default:
          throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (options.json && options.count) {
      throw new IllegalArgumentException("--json and --count do not go together");
    }
    return options;
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
    }
  }
}
