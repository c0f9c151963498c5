package io.sockscope.protocols.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.RecordingContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Conversations recorded between psql or pgbench and a real postgres 15, replayed as the server's
 * socket, the client's, and a socket whose role is unknown: the same exchanges, with these values.
 */
class RecordedConversationsTest {

  private static RecordingContext replay(String name, Role role) {
    RecordingContext context = PgConnections.recorded(name).asStream(new PostgresParser(), PgConnections.of(role)).replay();
    assertEquals(List.of(), context.unparseable, "unparseable");
    assertEquals(List.of(), context.dropped, "dropped");
    return context;
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void psqlStatementsCarryTextCommandRowsAndTheSqlstateOfTheFailingOne(Role role) {
    List<Exchange> exchanges = replay("psql-scram-statements", role).exchanges;

    assertEquals(11, exchanges.size());
    Exchange startup = exchanges.get(0);
    assertEquals("startup", startup.attribute("postgresql.request.type"));
    assertEquals("postgres", startup.attribute("postgresql.user"));
    assertEquals("shop", startup.attribute("db.namespace"));
    assertEquals("recorder", startup.attribute("postgresql.application_name"));
    assertEquals("scram-sha-256", startup.attribute("postgresql.auth.method"));
    assertEquals("startup user=postgres db=shop auth=scram-sha-256 -> ok", startup.summary());
    assertEquals(1000, startup.startNanos());
    assertEquals(6000, startup.endNanos(), "ends with ReadyForQuery");

    assertStatement(exchanges.get(1), "SELECT id, name FROM items ORDER BY id;", "SELECT", 5L, null);
    assertEquals("SELECT id, name FROM items ORDER BY id; -> SELECT 5", exchanges.get(1).summary());
    assertEquals(7000, exchanges.get(1).startNanos());
    assertEquals(8000, exchanges.get(1).endNanos());
    assertStatement(exchanges.get(2), "INSERT INTO items VALUES (6, 'item 6', 9.0);", "INSERT", null, 1L);
    assertStatement(exchanges.get(3), "UPDATE items SET price = price + 1 WHERE id <= 3;", "UPDATE", null, 3L);

    Exchange failed = exchanges.get(4);
    assertEquals("SELECT * FROM no_such_table;", failed.attribute("db.query.text"));
    assertEquals("42P01", failed.attribute("db.response.status_code"));
    assertEquals("42P01", failed.attribute("error.type"));
    assertEquals("ERROR", failed.attribute("postgresql.error.severity"));
    assertEquals("relation \"no_such_table\" does not exist", failed.attribute("postgresql.error.message"));
    assertNull(failed.attribute("db.operation.name"));
    assertEquals("SELECT * FROM no_such_table; -> ERROR 42P01", failed.summary());
    assertEquals(15000, failed.endNanos(), "the ReadyForQuery after the error, read separately");

    assertStatement(exchanges.get(5), "DELETE FROM items WHERE id = 6;", "DELETE", null, 1L);
    assertStatement(exchanges.get(6), "SELECT 1 AS one;", "SELECT", 1L, null);
    assertStatement(exchanges.get(7), "SELECT 2 AS two;", "SELECT", 1L, null);
    assertStatement(exchanges.get(8), "COPY items TO STDOUT;", "COPY", 5L, null);
    assertStatement(exchanges.get(9), "COPY items (id, name, price) FROM STDIN;", "COPY", null, 2L);
    assertEquals(24000, exchanges.get(9).startNanos());
    assertEquals(27000, exchanges.get(9).endNanos(), "after the copied rows and CommandComplete");
    assertStatement(exchanges.get(10), "DELETE FROM items WHERE id > 5;", "DELETE", null, 2L);

    for (Exchange exchange : exchanges) {
      assertEquals("postgresql", exchange.protocol());
      assertEquals("postgresql", exchange.attribute("db.system.name"));
      assertEquals("shop", exchange.attribute("db.namespace"));
      assertEquals(5432L, exchange.attribute("server.port"), "the server's port, whatever the role said");
      assertEquals((long) PgConnections.CLIENT_PORT, exchange.attribute("client.port"));
      assertNotEquals(Role.UNKNOWN, exchange.connection().role(), "the role the messages showed");
    }
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void oneQueryMessageWithTwoStatementsIsOneBatchExchange(Role role) {
    List<Exchange> exchanges = replay("psql-md5-two-statements", role).exchanges;

    assertEquals(2, exchanges.size());
    assertEquals("md5", exchanges.get(0).attribute("postgresql.auth.method"));
    assertEquals("md5user", exchanges.get(0).attribute("postgresql.user"));
    Exchange batch = exchanges.get(1);
    assertEquals("SELECT 1 AS a; SELECT 2 AS b", batch.attribute("db.query.text"));
    assertEquals("BATCH SELECT", batch.attribute("db.operation.name"));
    assertEquals(2L, batch.attribute("db.operation.batch.size"));
    assertEquals(2L, batch.attribute("db.response.returned_rows"));
    assertEquals("SELECT 1 AS a; SELECT 2 AS b -> SELECT 1, SELECT 1", batch.summary());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void cleartextPasswordAppearsNowhere(Role role) {
    List<Exchange> exchanges = replay("psql-cleartext", role).exchanges;

    assertEquals(2, exchanges.size());
    assertEquals("cleartext", exchanges.get(0).attribute("postgresql.auth.method"));
    assertStatement(exchanges.get(1), "SELECT count(*) FROM items", "SELECT", 1L, null);
    assertSecretsAbsent(exchanges, "clearsecret");
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void scramAndMd5ProofsAppearNowhere(Role role) {
    assertSecretsAbsent(replay("psql-scram-statements", role).exchanges, "secretpw", "oSe5YjJ9d9A", "qr6LWBjDn", "pQnqwH8B9oQ", "kZXXc7bYHPo2");
    assertSecretsAbsent(replay("psql-md5-two-statements", role).exchanges, "md5secret", "md53e9b");
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void pgbenchPreparedExecutesCarryTheTextOfTheirNamedStatement(Role role) {
    List<Exchange> exchanges = replay("pgbench-prepared", role).exchanges;

    assertEquals(5, exchanges.size(), "the startup and two transactions of two statements; no exchange for the Parse batches");
    for (int i = 1; i < 5; i += 2) {
      Exchange select = exchanges.get(i);
      assertStatement(select, "SELECT name FROM items WHERE id = $1;", "SELECT", 1L, null);
      assertEquals("execute", select.attribute("postgresql.request.type"));
      assertEquals("P_0", select.attribute("postgresql.statement.name"));
      Exchange update = exchanges.get(i + 1);
      assertStatement(update, "UPDATE items SET price = price WHERE id = $1;", "UPDATE", null, 1L);
      assertEquals("P_1", update.attribute("postgresql.statement.name"));
    }
    assertEquals(9000, exchanges.get(1).startNanos(), "from the Bind: the Parse was its own batch");
    assertEquals(10000, exchanges.get(1).endNanos());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void pgbenchExtendedExecutesStartWithTheirParse(Role role) {
    List<Exchange> exchanges = replay("pgbench-extended", role).exchanges;

    assertEquals(5, exchanges.size());
    assertStatement(exchanges.get(1), "SELECT name FROM items WHERE id = $1;", "SELECT", 1L, null);
    assertStatement(exchanges.get(2), "UPDATE items SET price = price WHERE id = $1;", "UPDATE", null, 1L);
    assertNull(exchanges.get(1).attribute("postgresql.statement.name"), "the unnamed statement");
    assertEquals(7000, exchanges.get(1).startNanos());
    assertEquals(8000, exchanges.get(1).endNanos());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void sslRequestAnsweredNoIsFollowedByThePlainStartup(Role role) {
    RecordingContext context = replay("psql-ssl-refused", role);

    assertEquals(0, context.tlsStarts);
    assertEquals(2, context.exchanges.size());
    assertEquals("N", context.exchanges.get(0).attribute("postgresql.ssl.answer"));
    assertEquals("scram-sha-256", context.exchanges.get(0).attribute("postgresql.auth.method"));
    assertStatement(context.exchanges.get(1), "SELECT 1", "SELECT", 1L, null);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void sslRequestAnsweredYesHandsTheSocketToTls(Role role) {
    RecordingContext context = replay("psql-ssl-accepted", role);

    assertEquals(1, context.tlsStarts);
    assertEquals(List.of(), context.exchanges);
  }

  @org.junit.jupiter.api.Test
  void onABackendsSocketOfUnknownRoleTheServerAddressIsTheLocalOne() {
    RecordingContext context = PgConnections.asBackend(PgConnections.recorded("psql-scram-statements")).replay();

    assertEquals(11, context.exchanges.size());
    for (Exchange exchange : context.exchanges) {
      assertEquals(5432L, exchange.attribute("server.port"), exchange.toString());
      assertEquals((long) PgConnections.CLIENT_PORT, exchange.attribute("client.port"));
    }
    assertEquals("SELECT id, name FROM items ORDER BY id;", context.exchanges.get(1).attribute("db.query.text"));
  }

  static void assertStatement(Exchange exchange, String text, String command, Long returned, Long affected) {
    String where = exchange.toString();
    assertEquals(text, exchange.attribute("db.query.text"), where);
    assertEquals(command, exchange.attribute("db.operation.name"), where);
    assertEquals(returned, exchange.attribute("db.response.returned_rows"), where);
    assertEquals(affected, exchange.attribute("postgresql.affected_rows"), where);
    assertNull(exchange.attribute("error.type"), where);
    assertTrue(exchange.endNanos() > exchange.startNanos(), where);
  }

  static void assertSecretsAbsent(List<Exchange> exchanges, String... secrets) {
    assertFalse(exchanges.isEmpty());
    for (Exchange exchange : exchanges) {
      for (Map.Entry<String, Object> attribute : exchange.attributes().entrySet()) {
        for (String secret : secrets) {
          assertFalse(String.valueOf(attribute.getValue()).contains(secret), attribute + " holds " + secret);
        }
      }
      for (String secret : secrets) {
        assertFalse(exchange.summary().contains(secret), exchange.summary());
      }
    }
  }
}
