package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Connection;
import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.TlsLibrary;
import io.sockscope.Tracer;
import io.sockscope.TracerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgres 15 from Debian's package, driven by psql and pgbench over TCP on 127.0.0.1, traced by
 * the real kernel programs: both the backends' sockets and the clients' are seen, so each
 * statement shows once per side.
 */
@KernelTest
@Tag("data-stores")
class PostgresTracingTest {

  private static final String PSQL = "/usr/lib/postgresql/15/bin/psql";
  private static final String PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";

  @TempDir Path dir;

  @Test
  void psqlStatementsWithRowCountsAFailingOneAndCopiesAfterARefusedSslRequest() throws Exception {
    Path script = dir.resolve("statements.sql");
    Files.writeString(script, String.join("\n",
        "CREATE TABLE items (id int PRIMARY KEY, name text);",
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 25) g;",
        "SELECT id, name FROM items WHERE id <= 12 ORDER BY id;",
        "SELECT * FROM no_such_table;",
        "UPDATE items SET name = upper(name) WHERE id > 20;",
        "COPY items TO STDOUT;",
        "COPY items FROM STDIN;",
        "101\tcopied 1", "102\tcopied 2", "103\tcopied 3", "\\.",
        "DELETE FROM items WHERE id > 100;",
        "DROP TABLE items;", ""));
    try (Postgres postgres = Postgres.start(false)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(postgres.port).onMessage(collector).build()) {
        tracer.start();
        String output = postgres.client(List.of(PSQL, postgres.conninfo("prefer"), "-f", script.toString()));
        assertTrue(output.contains("(12 rows)"), output);
        assertTrue(output.contains("ERROR:  relation \"no_such_table\" does not exist"), output);
        assertTrue(output.contains("UPDATE 5") && output.contains("COPY 3") && output.contains("DELETE 3"), output);

        for (Role role : List.of(Role.SERVER, Role.CLIENT)) {
          List<Exchange> seen = collector.await(side(role, postgres.port), 10, 20);
          System.out.println(role + " side: psql ran 9 statements after its startup; exchanges seen: " + seen.size());
          assertEquals(10, seen.size(), role + ": " + seen);
          assertEquals(role == Role.SERVER ? "postgres" : "psql", seen.get(1).connection().command());
          Exchange startup = seen.get(0);
          assertEquals("startup", startup.attribute("postgresql.request.type"), startup.toString());
          assertEquals("N", startup.attribute("postgresql.ssl.answer"), "sslmode=prefer against ssl=off");
          assertEquals("scram-sha-256", startup.attribute("postgresql.auth.method"));
          assertEquals("postgres", startup.attribute("postgresql.user"));
          assertStatement(seen.get(1), "CREATE TABLE items (id int PRIMARY KEY, name text);", "CREATE TABLE", null, null);
          assertStatement(seen.get(2), "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 25) g;", "INSERT", null, 25L);
          assertStatement(seen.get(3), "SELECT id, name FROM items WHERE id <= 12 ORDER BY id;", "SELECT", 12L, null);
          Exchange failed = seen.get(4);
          assertEquals("SELECT * FROM no_such_table;", failed.attribute("db.query.text"));
          assertEquals("42P01", failed.attribute("db.response.status_code"));
          assertEquals("42P01", failed.attribute("error.type"));
          assertEquals("relation \"no_such_table\" does not exist", failed.attribute("postgresql.error.message"));
          assertStatement(seen.get(5), "UPDATE items SET name = upper(name) WHERE id > 20;", "UPDATE", null, 5L);
          assertStatement(seen.get(6), "COPY items TO STDOUT;", "COPY", 25L, null);
          assertStatement(seen.get(7), "COPY items FROM STDIN;", "COPY", null, 3L);
          assertStatement(seen.get(8), "DELETE FROM items WHERE id > 100;", "DELETE", null, 3L);
          assertStatement(seen.get(9), "DROP TABLE items;", "DROP TABLE", null, null);
          assertEquals(1, seen.stream().map(Exchange::connection).distinct().count(), "one connection");
          for (Exchange exchange : seen) {
            assertEquals("postgres", exchange.attribute("db.namespace"));
            assertEquals((long) postgres.port, exchange.attribute("server.port"), exchange.toString());
            assertTrue(exchange.endNanos() >= exchange.startNanos());
          }
        }
        assertPasswordNowhere(collector.all(), postgres.password);
        assertNoLoss(tracer.stats());
      }
    }
  }

  @Test
  void pgbenchSimpleAndPreparedEveryStatementSeenWithItsTextAndRowCount() throws Exception {
    try (Postgres postgres = Postgres.start(false)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().ports(postgres.port).onMessage(collector).build()) {
        tracer.start();
        postgres.client(List.of(PGBENCH, "-i", "-s", "1", postgres.conninfo("disable")));
        for (Role role : List.of(Role.SERVER, Role.CLIENT)) {
          List<Exchange> copies = collector.await(side(role, postgres.port).and(e -> "COPY".equals(e.attribute("db.operation.name"))), 1, 30);
          assertEquals(1, copies.size(), role + ": " + copies);
          assertEquals(100_000L, copies.get(0).attribute("postgresql.affected_rows"), copies.get(0).toString());
          assertTrue(((String) copies.get(0).attribute("db.query.text")).startsWith("copy pgbench_accounts from stdin"));
        }

        for (String mode : List.of("simple", "prepared")) {
          String output = postgres.client(List.of(PGBENCH, "-n", "-c", "1", "-t", "100", "-M", mode, postgres.conninfo("disable")));
          long transactions = transactionsProcessed(output);
          assertEquals(100, transactions, output);
          String requestType = mode.equals("simple") ? "query" : "execute";
          for (Role role : List.of(Role.SERVER, Role.CLIENT)) {
            // pgbench's own statements (initialisation, its scale check) are in lower case.
            Predicate<Exchange> ofThisRun = side(role, postgres.port)
                .and(e -> requestType.equals(e.attribute("postgresql.request.type")))
                .and(e -> TPCB_STATEMENTS.keySet().stream().anyMatch(text(e)::startsWith));
            List<Exchange> seen = collector.await(ofThisRun.and(e -> text(e).startsWith("END")), (int) transactions, 30);
            assertEquals(transactions, seen.size(), role + " " + mode + " END statements");
            List<Exchange> statements = collector.await(ofThisRun, 7 * (int) transactions, 10);
            System.out.println("pgbench -M " + mode + ", " + role + " side: " + transactions + " transactions reported, "
                + statements.size() + " statement exchanges seen (7 per transaction expected)");
            assertEquals(7 * transactions, statements.size(), role + " " + mode);
            assertTpcbStatements(statements, transactions, mode);
          }
        }
        assertPasswordNowhere(collector.all(), postgres.password);
        TracerStats stats = tracer.stats();
        System.out.println("pgbench stats: " + stats);
        assertNoLoss(stats);
      }
    }
  }

  @Test
  void psqlOverTlsIsReadFromTheTlsLibraryAndTheSocketHandsOverWithoutAFailure() throws Exception {
    try (Postgres postgres = Postgres.start(true)) {
      ExchangeCollector collector = new ExchangeCollector();
      try (Tracer tracer = TestTracers.builder().tlsUprobes().ports(postgres.port).onMessage(collector).build()) {
        tracer.start();
        String output = postgres.client(List.of(PSQL, postgres.conninfo("require"),
            "-c", "SELECT 1 AS one", "-c", "SELECT g FROM generate_series(1, 3) g"));
        assertTrue(output.contains("(3 rows)"), output);

        for (Role role : List.of(Role.SERVER, Role.CLIENT)) {
          List<Exchange> seen = collector.await(side(role, postgres.port), 3, 20);
          System.out.println(role + " side over TLS: psql ran 2 statements after its startup; exchanges seen: " + seen.size());
          assertEquals(3, seen.size(), role + ": " + seen);
          assertEquals("startup", seen.get(0).attribute("postgresql.request.type"));
          assertEquals("SELECT 1 AS one", seen.get(1).attribute("db.query.text"));
          assertEquals(1L, seen.get(1).attribute("db.response.returned_rows"));
          assertEquals("SELECT g FROM generate_series(1, 3) g", seen.get(2).attribute("db.query.text"));
          assertEquals(3L, seen.get(2).attribute("db.response.returned_rows"));
          for (Exchange exchange : seen) {
            TlsLibrary library = exchange.connection().tls().orElseThrow(() -> new AssertionError("not from TLS: " + exchange));
            assertEquals(TlsLibrary.Kind.OPENSSL, library.kind());
          }
        }
        assertEquals(6, collector.all().size(), "nothing parsed from the ciphertext: " + collector.all());
        assertPasswordNowhere(collector.all(), postgres.password);
        TracerStats stats = TracerWaits.awaitClosed(tracer, 2);
        System.out.println("TLS stats: " + stats);
        assertEquals(0, stats.parseFailures(), "SSLRequest answered S hands the socket over: " + stats);
        assertTrue(stats.connectionsTls() >= 2, stats.toString());
        assertFalse(stats.anyLoss(), stats.toString());
      }
    }
  }

  /** The TPC-B-like script's 7 statements by how their text starts: command, returned rows, affected rows. */
  private static final Map<String, Object[]> TPCB_STATEMENTS = Map.of(
        "BEGIN", new Object[] {"BEGIN", null, null},
        "UPDATE pgbench_accounts", new Object[] {"UPDATE", null, 1L},
        "SELECT abalance FROM pgbench_accounts", new Object[] {"SELECT", 1L, null},
        "UPDATE pgbench_tellers", new Object[] {"UPDATE", null, 1L},
        "UPDATE pgbench_branches", new Object[] {"UPDATE", null, 1L},
        "INSERT INTO pgbench_history", new Object[] {"INSERT", null, 1L},
        "END", new Object[] {"COMMIT", null, null});

  /** Each of the 7 statements once a transaction, with its command and rows. */
  private static void assertTpcbStatements(List<Exchange> statements, long transactions, String mode) {
    TPCB_STATEMENTS.forEach((prefix, values) -> {
      List<Exchange> matching = statements.stream().filter(e -> text(e).startsWith(prefix)).toList();
      assertEquals(transactions, matching.size(), mode + " " + prefix);
      for (Exchange exchange : matching) {
        assertEquals(values[0], exchange.attribute("db.operation.name"), exchange.toString());
        assertEquals(values[1], exchange.attribute("db.response.returned_rows"), exchange.toString());
        assertEquals(values[2], exchange.attribute("postgresql.affected_rows"), exchange.toString());
        assertEquals(null, exchange.attribute("error.type"), exchange.toString());
        if (mode.equals("prepared")) {
          assertTrue(String.valueOf(exchange.attribute("postgresql.statement.name")).startsWith("P_"), exchange.toString());
        }
      }
    });
  }

  private static long transactionsProcessed(String pgbenchOutput) {
    Matcher matcher = Pattern.compile("number of transactions actually processed: (\\d+)/").matcher(pgbenchOutput);
    assertTrue(matcher.find(), pgbenchOutput);
    return Long.parseLong(matcher.group(1));
  }

  private static String text(Exchange exchange) {
    Object text = exchange.attribute("db.query.text");
    return text == null ? "" : (String) text;
  }

  /**
   * The server's side: the postgres backends' sockets (each inherits the socket its postmaster
   * accepted, so the role comes from the messages), local port the server's. The client's: psql's
   * or pgbench's connected sockets.
   */
  private static Predicate<Exchange> side(Role role, int port) {
    return e -> "postgresql".equals(e.protocol()) && e.connection().role() == role
        && Connection.port(role == Role.SERVER ? e.connection().localAddress() : e.connection().remoteAddress()) == port;
  }

  private static void assertStatement(Exchange exchange, String text, String command, Long returned, Long affected) {
    String where = exchange.toString();
    assertEquals(text, exchange.attribute("db.query.text"), where);
    assertEquals(command, exchange.attribute("db.operation.name"), where);
    assertEquals(returned, exchange.attribute("db.response.returned_rows"), where);
    assertEquals(affected, exchange.attribute("postgresql.affected_rows"), where);
    assertEquals(null, exchange.attribute("error.type"), where);
  }

  private static void assertPasswordNowhere(List<Exchange> exchanges, String password) {
    assertFalse(exchanges.isEmpty());
    for (Exchange exchange : exchanges) {
      assertFalse(exchange.summary().contains(password), exchange.toString());
      exchange.attributes().forEach((name, value) ->
          assertFalse(String.valueOf(value).contains(password), name + " shows the password: " + exchange));
    }
  }

  private static void assertNoLoss(TracerStats stats) {
    assertEquals(0, stats.kernelRecordsLost(), stats.toString());
    assertEquals(0, stats.parseFailures(), stats.toString());
    assertEquals(0, stats.parserErrors(), stats.toString());
    assertEquals(0, stats.messagesDropped(), stats.toString());
    assertEquals(0, stats.bytesLostInGaps(), stats.toString());
  }
}
