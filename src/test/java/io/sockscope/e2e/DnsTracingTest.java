package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dnsmasq answering from a hosts file, queried by dig over UDP and TCP, traced by the real kernel
 * programs. Both ends are traced: dig's sockets (connected to dnsmasq) and dnsmasq's (over UDP one
 * socket, bound and not connected, for every client; over TCP a forked child per connection).
 */
@KernelTest
@Tag("data-stores")
class DnsTracingTest {
  private static final String HOSTS = String.join("\n",
      "192.0.2.10 alpha.sockscope.test",
      "2001:db8::10 alpha.sockscope.test",
      "192.0.2.21 multi.sockscope.test",
      "192.0.2.22 multi.sockscope.test",
      "198.51.100.7 beta.sockscope.test",
      "");
  /** The questions the batches cycle through, and what dnsmasq answers from HOSTS. */
  private static final List<String[]> QUESTIONS = List.of(
      new String[] {"alpha.sockscope.test", "A", "NOERROR", "192.0.2.10"},
      new String[] {"alpha.sockscope.test", "AAAA", "NOERROR", "2001:db8::10"},
      new String[] {"multi.sockscope.test", "A", "NOERROR", "192.0.2.21", "192.0.2.22"},
      new String[] {"beta.sockscope.test", "A", "NOERROR", "198.51.100.7"},
      new String[] {"nope.sockscope.test", "A", "NXDOMAIN"});
  private static final Pattern HEADER = Pattern.compile(";; ->>HEADER<<- opcode: QUERY, status: (\\w+), id: (\\d+)");

  @TempDir Path dir;

  /** What dig printed for one query: the status, the ID and the answers' data. */
  record DigAnswer(String status, long id, Set<String> answers) {}

  @Test
  void fiftyUdpQueriesShowOnDigsSocketsAndOnDnsmasqsUnconnectedSocketWithEachClientsPort() throws Exception {
    try (Dnsmasq dnsmasq = Dnsmasq.start(dir, HOSTS)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(dnsmasq.port).onMessage(collector).build()) {
        tracer.start();
        List<String[]> asked = batch(50);
        List<DigAnswer> digSaw = dig(dnsmasq, asked, "-f", writeBatch(asked).toString());
        assertEquals(50, digSaw.size(), "dig's answers");

        List<Exchange> server = collector.await(side(dnsmasq, true, "udp"), 50, 20);
        List<Exchange> client = collector.await(side(dnsmasq, false, "udp"), 50, 10);
        System.out.println("dns udp: dig sent 50, dnsmasq side " + server.size() + ", dig side " + client.size()
            + "; " + tracer.stats());
        assertEquals(50, server.size(), "dnsmasq's side: " + collector.all());
        assertEquals(50, client.size(), "dig's side");
        assertMatches(asked, digSaw, server, client, dnsmasq);
        for (Exchange exchange : server) {
          assertEquals(dnsmasq.pid(), exchange.connection().pid(), exchange.toString());
          assertEquals(new InetSocketAddress("0.0.0.0", 0), exchange.connection().remoteAddress(),
              "dnsmasq's UDP socket is not connected");
        }
        assertEquals(1, server.stream().map(Exchange::connection).distinct().count(), "one socket for all");
        assertNoLoss(tracer.stats());
      }
    }
  }

  @Test
  void tcpQueriesOnAConnectionEachAndABatchOnOneKeptOpenConnection() throws Exception {
    try (Dnsmasq dnsmasq = Dnsmasq.start(dir, HOSTS)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(dnsmasq.port).onMessage(collector).build()) {
        tracer.start();
        List<String[]> single = batch(5);
        List<DigAnswer> digSaw = new ArrayList<>();
        for (String[] question : single) {
          digSaw.addAll(dig(dnsmasq, List.<String[]>of(question), "+tcp", question[0], question[1]));
        }
        List<String[]> kept = batch(10);
        digSaw.addAll(dig(dnsmasq, kept, "+tcp", "+keepopen", "-f", writeBatch(kept).toString()));
        List<String[]> asked = new ArrayList<>(single);
        asked.addAll(kept);
        assertEquals(15, digSaw.size(), "dig's answers");

        List<Exchange> server = collector.await(side(dnsmasq, true, "tcp"), 15, 20);
        List<Exchange> client = collector.await(side(dnsmasq, false, "tcp"), 15, 10);
        System.out.println("dns tcp: dig sent 15, dnsmasq side " + server.size() + ", dig side " + client.size()
            + "; " + tracer.stats());
        assertEquals(15, server.size(), "dnsmasq's side: " + collector.all());
        assertEquals(15, client.size(), "dig's side");
        assertMatches(asked, digSaw, server, client, dnsmasq);
        assertEquals(1, client.subList(5, 15).stream().map(Exchange::connection).distinct().count(),
            "the batch on one kept-open connection");
        for (Exchange exchange : server) {
          assertEquals("dnsmasq", exchange.connection().command(), "a forked child of dnsmasq");
        }
        assertNoLoss(tracer.stats());
      }
    }
  }

  /** {@code count} questions, cycling through QUESTIONS. */
  private static List<String[]> batch(int count) {
    List<String[]> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(QUESTIONS.get(i % QUESTIONS.size()));
    }
    return batch;
  }

  private Path writeBatch(List<String[]> questions) throws java.io.IOException {
    StringBuilder lines = new StringBuilder();
    for (String[] question : questions) {
      lines.append(question[0]).append(' ').append(question[1]).append('\n');
    }
    Path file = Files.createTempFile(dir, "batch", ".txt");
    Files.writeString(file, lines);
    return file;
  }

  /** Runs dig with {@code arguments}; returns one answer per header it printed, in order. */
  private static List<DigAnswer> dig(Dnsmasq dnsmasq, List<String[]> asked, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", String.valueOf(dnsmasq.port),
        "+noall", "+comments", "+answer", "+tries=1", "+time=5"));
    command.addAll(Arrays.asList(arguments));
    String output = Commands.run(command);
    List<DigAnswer> answers = new ArrayList<>();
    for (String block : output.split(";; Got answer:")) {
      Matcher header = HEADER.matcher(block);
      if (!header.find()) {
        continue;
      }
      Set<String> data = new TreeSet<>();
      for (String line : block.split("\n")) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length == 5 && fields[2].equals("IN") && !line.startsWith(";")) {
          data.add(fields[4]);
        }
      }
      answers.add(new DigAnswer(header.group(1), Long.parseLong(header.group(2)), data));
    }
    assertEquals(asked.size(), answers.size(), "dig's output:\n" + output);
    return answers;
  }

  /** Exchanges on dnsmasq's sockets (local port is dnsmasq's) or on dig's, of one transport. */
  private static Predicate<Exchange> side(Dnsmasq dnsmasq, boolean server, String transport) {
    return e -> "dns".equals(e.protocol())
        && transport.equals(e.attribute("network.transport"))
        && Long.valueOf(dnsmasq.port).equals(e.attribute("server.port"))
        && (((InetSocketAddress) e.connection().localAddress()).getPort() == dnsmasq.port) == server;
  }

  /**
   * Each query dig asked shows once on each side, with dig's ID, question, status and answers;
   * the client port dnsmasq's side reports is the port of the dig socket that asked.
   */
  private static void assertMatches(
      List<String[]> asked, List<DigAnswer> digSaw, List<Exchange> server, List<Exchange> client, Dnsmasq dnsmasq) {
    List<Exchange> serverLeft = new ArrayList<>(server);
    List<Exchange> clientLeft = new ArrayList<>(client);
    for (int i = 0; i < asked.size(); i++) {
      String[] question = asked.get(i);
      DigAnswer answer = digSaw.get(i);
      Set<String> expected = new TreeSet<>(Arrays.asList(question).subList(3, question.length));
      assertEquals(question[2], answer.status(), "dig's status for " + question[0]);
      assertEquals(expected, answer.answers(), "dig's answers for " + question[0]);
      Exchange onServer = take(serverLeft, answer, question);
      Exchange onClient = take(clientLeft, answer, question);
      for (Exchange exchange : List.of(onServer, onClient)) {
        String where = exchange.toString();
        assertEquals(question[0], exchange.attribute("dns.question.name"), where);
        assertEquals(question[1], exchange.attribute("dns.question.type"), where);
        assertEquals(question[2], exchange.attribute("dns.response_code"), where);
        assertEquals((long) expected.size(), exchange.attribute("dns.answer.count"), where);
        Object answers = exchange.attribute("dns.answers");
        assertEquals(expected, answers == null ? Set.of() : new TreeSet<>(Arrays.asList(((String) answers).split(", "))),
            where);
        assertEquals("127.0.0.1", exchange.attribute("server.address"), where);
        assertEquals("127.0.0.1", exchange.attribute("client.address"), where);
        assertTrue(exchange.latency().toNanos() > 0, where);
        assertTrue(exchange.summary().startsWith(question[1] + " " + question[0] + " -> " + question[2]), where);
      }
      long digPort = ((InetSocketAddress) onClient.connection().localAddress()).getPort();
      assertEquals(digPort, onClient.attribute("client.port"), onClient.toString());
      assertEquals(digPort, onServer.attribute("client.port"), "the peer of dnsmasq's datagram: " + onServer);
      assertNotEquals(dnsmasq.pid(), onClient.connection().pid());
    }
  }

  /** Removes and returns the exchange with dig's ID and question. */
  private static Exchange take(List<Exchange> exchanges, DigAnswer answer, String[] question) {
    for (Iterator<Exchange> it = exchanges.iterator(); it.hasNext(); ) {
      Exchange exchange = it.next();
      if (Long.valueOf(answer.id()).equals(exchange.attribute("dns.id"))
          && question[0].equals(exchange.attribute("dns.question.name"))
          && question[1].equals(exchange.attribute("dns.question.type"))) {
        it.remove();
        return exchange;
      }
    }
    throw new AssertionError("no exchange for id " + answer.id() + " " + question[0] + " in " + exchanges);
  }

  private static void assertNoLoss(TracerStats stats) {
    assertEquals(0, stats.kernelRecordsLost(), stats.toString());
    assertEquals(0, stats.parseFailures(), stats.toString());
    assertEquals(0, stats.parserErrors(), stats.toString());
    assertEquals(0, stats.messagesDropped(), stats.lossReasons().toString());
    assertEquals(0, stats.connectionsWithoutProtocol(), stats.toString());
    assertEquals(Map.of(), stats.lossReasons());
  }
}
