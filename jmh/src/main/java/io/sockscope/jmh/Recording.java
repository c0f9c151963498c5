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
 *
 * <p>The files under {@code /traffic/} are in this module's resources; those under {@code
 * /conversations/} are the parsers' test recordings, which the build adds to the benchmarks jar
 * from {@code protocol-parsers/src/test/resources} rather than keeping a copy.
 */
public enum Recording {
  /** curl fetching 100 URLs from nginx over one keep-alive connection. */
  CURL_NGINX_KEEPALIVE("http", "/traffic/curl-nginx-keepalive.txt", Transport.TCP, "nginx", 8080, 100),
  /** {@code redis-benchmark -P 16 -t set,get}: 112 pipelined SETs, then 112 GETs. */
  REDIS_BENCHMARK_SET_GET("redis", "/traffic/redis-benchmark-set-get.txt", Transport.TCP, "redis-server", 6379, 224),
  /** pgbench's TPC-B script, 50 transactions in the simple query protocol: a startup, 350 statements. */
  PGBENCH_SIMPLE("postgresql", "/traffic/pgbench-tpcb-simple.txt", Transport.TCP, "postgres", 5432, 351),
  /** The same with prepared statements: seven Parses, then Bind, Describe, Execute, Sync per statement. */
  PGBENCH_PREPARED("postgresql", "/traffic/pgbench-tpcb-prepared.txt", Transport.TCP, "postgres", 5432, 351),
  /** mariadb-slap against MariaDB: a handshake, 200 SELECTs by primary key, QUIT. */
  MARIADB_SLAP("mysql", "/traffic/mariadb-slap-key.txt", Transport.TCP, "mariadbd", 3306, 202),
  /** memcslap in the text protocol: 50 gets, each a hit of a few KiB, then quit. */
  MEMCSLAP_TEXT("memcached", "/traffic/memcslap-text-get.txt", Transport.TCP, "memcached", 11211, 51),
  /** memcslap in the binary protocol: 50 GETKs, each a hit of a few KiB, then QUIT. */
  MEMCSLAP_BINARY("memcached", "/traffic/memcslap-binary-get.txt", Transport.TCP, "memcached", 11211, 51),
  /** dig -f with 50 queries to dnsmasq, one datagram each way per query. */
  DIG_UDP("dns", "/traffic/dig-dnsmasq-udp.txt", Transport.UDP, "dnsmasq", 53, 50),
  /** dig +tcp +keepopen: four queries over one TCP connection (a test recording of the parsers). */
  DIG_TCP("dns", "/conversations/dns/tcp-dig-dnsmasq-keepopen.txt", Transport.TCP, "dnsmasq", 53, 4);

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
