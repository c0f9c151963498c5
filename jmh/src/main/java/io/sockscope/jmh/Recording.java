package io.sockscope.jmh;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The recorded connections the parser benchmarks replay: each with the protocol whose parser
 * reads it, the server it was recorded against, and how many request/response exchanges it holds.
 * A replay that completes fewer fails the benchmark ({@link #checkComplete}): the recordings have
 * no gaps, and a decoder that gave up would otherwise look fast.
 */
public enum Recording {
  /** curl fetching 100 URLs from nginx over one keep-alive connection. */
  CURL_NGINX_KEEPALIVE("http", "/traffic/curl-nginx-keepalive.txt", Transport.TCP, "nginx", 8080, 100),
  /** {@code redis-benchmark -P 16 -t set,get}: 112 pipelined SETs, then 112 GETs. */
  REDIS_BENCHMARK_SET_GET("redis", "/traffic/redis-benchmark-set-get.txt", Transport.TCP, "redis-server", 6379, 224);

  private static final int CLIENT_PORT = 50_000;

  private final String protocol;
  private final String resource;
  private final Transport transport;
  private final String serverCommand;
  private final int serverPort;
  private final int exchanges;

  Recording(String protocol, String resource, Transport transport, String serverCommand, int serverPort, int exchanges) {
    this.protocol = protocol;
    this.resource = resource;
    this.transport = transport;
    this.serverCommand = serverCommand;
    this.serverPort = serverPort;
    this.exchanges = exchanges;
  }

  /** The name of the parser that reads it, as {@code ProtocolParser.protocol()} says it. */
  String protocol() {
    return protocol;
  }

  /** TCP: the reads of one connection; UDP: one datagram per read, all to or from one client. */
  Transport transport() {
    return transport;
  }

  /** The request/response exchanges a complete replay yields. */
  int exchanges() {
    return exchanges;
  }

  /** Reads the recording from the class path. */
  RecordedTraffic traffic() {
    return RecordedTraffic.load(resource);
  }

  /**
   * The server's socket the recording is replayed on: its requests are received, its responses
   * sent. A UDP server's socket is not connected; each datagram has the client as its peer.
   */
  Connection serverSocket() {
    InetSocketAddress remote = transport == Transport.UDP ? new InetSocketAddress("0.0.0.0", 0) : client();
    return new Connection(1200, 7, 1L, serverCommand, Role.SERVER, transport,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), remote);
  }

  /** The client's address. */
  InetSocketAddress client() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), CLIENT_PORT);
  }

  /**
   * Fails unless {@code completed} messages of one replay are the recording's exchanges.
   *
   * @param decoder who completed them, for the message: {@code "sockscope"}, {@code "netty's
   *     requests"}, ...
   */
  void checkComplete(String decoder, int completed) {
    if (completed != exchanges) {
      throw new IllegalStateException(decoder + " completed " + completed + " of the " + exchanges
          + " exchanges in " + resource + ": the figures would be meaningless");
    }
  }
}
