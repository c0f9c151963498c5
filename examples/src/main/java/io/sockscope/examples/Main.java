package io.sockscope.examples;

import io.sockscope.TracerException;
import java.util.Arrays;
import java.util.List;

/** {@code java -jar sockscope.jar trace [options]}: the command-line front of the examples. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    if (arguments.isEmpty() || !arguments.get(0).equals("trace")) {
      System.err.println(TraceOptions.USAGE);
      System.exit(2);
    }
    TraceOptions options;
    try {
      options = TraceOptions.parse(arguments.subList(1, arguments.size()));
    } catch (IllegalArgumentException e) {
      System.err.println("sockscope: " + e.getMessage() + "\n" + TraceOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      System.exit(new TraceCommand(options, System.out, System.err).run());
    } catch (TracerException | IllegalArgumentException e) {
      System.err.println("sockscope: " + e.getMessage());
      System.exit(1);
    }
  }
}
