package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mariadbd from Debian's package, driven by the mariadb command-line client and by MariaDB's JDBC
 * driver with server-side prepared statements, traced on both ends of each connection. No exchange
 * may carry the user's password.
 */
@KernelTest
@Tag("data-stores")
class MariaDbTracingTest {
  private static final int EXECUTIONS = 20;

  @TempDir Path dir;

  @Test
  void commandLineClientStatementsRowCountsAffectedRowsAndAnError() throws Exception {
    try (MariaDb mariaDb = MariaDb.start(dir)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(mariaDb.port).onMessage(collector).build()) {
        tracer.start();
        List<String> statements = List.of(
            "SELECT id, name FROM items ORDER BY id",
            "INSERT INTO items (name, price) VALUES ('fig', 5), ('kiwi', 6)",
            "SELECT COUNT(*) FROM items",
            "SELECT * FROM missing");
        MariaDb.ClientRun run = mariaDb.client(String.join("; ", statements));
        List<String> printed = run.output().strip().lines().toList();
        assertEquals(1, run.exitCode(), run.output());
        assertEquals(List.of("1\tapple", "2\tpear", "3\tplum", "5"), printed.subList(0, 4));
        assertTrue(run.output().contains("ERROR 1146 (42S02)"), run.output());

        // the handshake, the four statements, and COM_QUIT
        int expected = 1 + statements.size() + 1;
        List<Exchange> server = collector.await(side(Role.SERVER, mariaDb).and(e -> e.connection().pid() == mariaDb.pid()), expected, 15);
        List<Exchange> client = collector.await(side(Role.CLIENT, mariaDb).and(e -> e.connection().command().equals("mariadb")), expected, 5);
        report("mariadb client", statements.size() + 2, server, client);
        for (List<Exchange> exchanges : List.of(server, client)) {
          assertEquals(expected, exchanges.size(), collector.all().toString());
          Exchange connect = exchanges.get(0);
          assertEquals("CONNECT", connect.attribute("db.operation.name"), connect.toString());
          assertEquals(MariaDb.USER, connect.attribute("mysql.user"));
          assertEquals(MariaDb.DATABASE, connect.attribute("db.namespace"));
          assertNull(connect.attribute("error.type"));
          for (int i = 0; i < statements.size(); i++) {
            Exchange exchange = exchanges.get(1 + i);
            assertEquals(statements.get(i), exchange.attribute("db.query.text"), exchange.toString());
            assertEquals("mariadb", exchange.attribute("db.system.name"));
            assertEquals(MariaDb.DATABASE, exchange.attribute("db.namespace"));
            assertEquals((long) mariaDb.port, exchange.attribute("server.port"));
            assertTrue(exchange.latency().toNanos() > 0, exchange.toString());
          }
          assertEquals(3L, exchanges.get(1).attribute("db.response.returned_rows"));
          assertEquals("INSERT", exchanges.get(2).attribute("db.operation.name"));
          assertEquals(2L, exchanges.get(2).attribute("mysql.affected_rows"));
          assertEquals(1L, exchanges.get(3).attribute("db.response.returned_rows"));
          assertEquals("1146", exchanges.get(4).attribute("db.response.status_code"));
          assertEquals("42S02", exchanges.get(4).attribute("mysql.sqlstate"));
          assertEquals("QUIT", exchanges.get(5).attribute("db.operation.name"));
        }
        assertNoPassword(collector.all());
        assertNothingLost(TracerWaits.awaitClosed(tracer, 2));
      }
    }
  }

  @Test
  void preparedStatementExecutionsFromJdbcCarryTheStatementText() throws Exception {
    try (MariaDb mariaDb = MariaDb.start(dir)) {
      ExchangeCollector collector = new ExchangeCollector();
      String sql = "SELECT id, name FROM items WHERE price >= ? ORDER BY id";
      List<Long> rowsSeen = new ArrayList<>();
      try (Tracer tracer = TestTracers.builder().ports(mariaDb.port).onMessage(collector).build()) {
        tracer.start();
        // the driver in its own process, as an application would be
        String output = Commands.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), JdbcPreparedClient.class.getName(),
            mariaDb.jdbcUrl("&useServerPrepStmts=true"), sql, String.valueOf(EXECUTIONS)));
        output.strip().lines().map(Long::valueOf).forEach(rowsSeen::add);
        assertEquals(EXECUTIONS, rowsSeen.size(), output);
        Predicate<Exchange> executions = e -> "STMT_EXECUTE".equals(e.attribute("mysql.command"));
        List<Exchange> server = collector.await(side(Role.SERVER, mariaDb).and(e -> e.connection().pid() == mariaDb.pid()).and(executions), EXECUTIONS, 15);
        List<Exchange> client = collector.await(side(Role.CLIENT, mariaDb).and(e -> e.connection().command().equals("java")).and(executions), EXECUTIONS, 5);
        List<Exchange> allServer = collector.await(side(Role.SERVER, mariaDb), 0, 0);
        List<Exchange> allClient = collector.await(side(Role.CLIENT, mariaDb), 0, 0);
        report("JDBC executions", EXECUTIONS, server, client);
        System.out.println("JDBC all exchanges: server side " + allServer.size() + ", client side " + allClient.size()
            + ": " + allServer.stream().map(Exchange::summary).toList());
        for (List<Exchange> exchanges : List.of(server, client)) {
          assertEquals(EXECUTIONS, exchanges.size(), collector.all().toString());
          for (int i = 0; i < EXECUTIONS; i++) {
            Exchange execute = exchanges.get(i);
            assertEquals(sql, execute.attribute("db.query.text"), execute.toString());
            assertEquals("SELECT", execute.attribute("db.operation.name"));
            assertEquals(rowsSeen.get(i), execute.attribute("db.response.returned_rows"), execute.toString());
          }
        }
        assertEquals(allServer.stream().map(Exchange::summary).toList(), allClient.stream().map(Exchange::summary).toList());
        assertEquals(1, allServer.stream().filter(e -> "PREPARE".equals(e.attribute("db.operation.name"))).count());
        assertEquals("CONNECT " + MariaDb.USER + "@" + MariaDb.DATABASE + " -> OK", allServer.get(0).summary());
        assertNoPassword(collector.all());
        assertNothingLost(TracerWaits.awaitClosed(tracer, 2));
      }
    }
  }

  private static Predicate<Exchange> side(Role role, MariaDb mariaDb) {
    return e -> "mysql".equals(e.protocol()) && e.connection().role() == role
        && Long.valueOf(mariaDb.port).equals(e.attribute("server.port"));
  }

  private static void assertNoPassword(List<Exchange> exchanges) {
    assertFalse(exchanges.isEmpty());
    for (Exchange exchange : exchanges) {
      assertFalse(exchange.summary().contains(MariaDb.PASSWORD), exchange.toString());
      exchange.attributes().forEach((name, value) ->
          assertFalse(String.valueOf(value).contains(MariaDb.PASSWORD), name + " of " + exchange));
    }
  }

  private static void assertNothingLost(TracerStats stats) {
    System.out.println("tracer stats: " + stats);
    assertEquals(0, stats.parseFailures(), stats.toString());
    assertEquals(0, stats.parserErrors(), stats.toString());
    assertEquals(0, stats.messagesDropped(), stats.toString());
    assertEquals(0, stats.kernelRecordsLost(), stats.toString());
    assertEquals(0, stats.bytesLostInGaps(), stats.toString());
    assertEquals(0, stats.connectionsWithoutProtocol(), stats.toString());
  }

  private static void report(String what, int clientSent, List<Exchange> server, List<Exchange> client) {
    System.out.println(what + ": client sent " + clientSent + ", exchanges seen: server side " + server.size()
        + ", client side " + client.size());
  }
}
