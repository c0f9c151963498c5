package io.sockscope.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * redis-server in the foreground on a free loopback port and a Unix socket in a temporary folder,
 * persisting nothing. Closing stops it, by its handle.
 */
final class RedisServer implements AutoCloseable {
  final int port;
  final Path socket;
  private final ServerProcess process;

  private RedisServer(int port, Path socket, ServerProcess process) {
    this.port = port;
    this.socket = socket;
    this.process = process;
  }

  static RedisServer start(Path dir) throws IOException, InterruptedException {
    int port = ServerProcess.freePort();
    Path socket = dir.resolve("redis.sock");
    ServerProcess process = ServerProcess.start(List.of(
        "redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--unixsocket", socket.toString(), "--dir", dir.toString(), "--daemonize", "no"), dir.resolve("redis.log"));
    process.awaitTcp(port).awaitUnix(socket);
    return new RedisServer(port, socket, process);
  }

  int pid() {
    return process.pid();
  }

  /** redis-cli's arguments to reach this server over TCP. */
  List<String> cli(String... arguments) {
    List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
    command.addAll(List.of(arguments));
    return command;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
