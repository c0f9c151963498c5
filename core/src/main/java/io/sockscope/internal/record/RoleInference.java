package io.sockscope.internal.record;

import io.sockscope.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guesses the role of a connection first seen in a data call (it existed before the tracer
 * started, or its open record was lost): the end whose port is in the kernel's ephemeral range
 * is the client; for a Unix socket, the end bound to a path is the server. Stateless.
 */
public final class RoleInference {
  private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int[] EPHEMERAL = readRange();

  private RoleInference() {}

  public static Role fromPorts(int localPort, int remotePort) {
    return fromPorts(localPort, remotePort, EPHEMERAL[0], EPHEMERAL[1]);
  }

  static Role fromPorts(int localPort, int remotePort, int ephemeralLow, int ephemeralHigh) {
    boolean localEphemeral = localPort >= ephemeralLow && localPort <= ephemeralHigh;
    boolean remoteEphemeral = remotePort >= ephemeralLow && remotePort <= ephemeralHigh;
    if (localEphemeral == remoteEphemeral) {
      return Role.UNKNOWN;
    }
    return localEphemeral ? Role.CLIENT : Role.SERVER;
  }

  public static Role fromUnixPaths(boolean localNamed, boolean remoteNamed) {
    if (localNamed == remoteNamed) {
      return Role.UNKNOWN;
    }
    return localNamed ? Role.SERVER : Role.CLIENT;
  }

  private static int[] readRange() {
    try {
      String[] parts = Files.readString(PORT_RANGE).trim().split("\\s+");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {32768, 60999}; // Linux's default
    }
  }
}
