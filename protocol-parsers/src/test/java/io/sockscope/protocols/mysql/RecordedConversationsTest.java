package io.sockscope.protocols.mysql;

import static io.sockscope.protocols.mysql.MariaDbRecordings.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Exchange;
import io.sockscope.Role;
import io.sockscope.protocols.testing.RecordingContext;
import io.sockscope.protocols.testing.SplitInvariance;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real conversations between mariadbd and its clients, replayed on the server's socket, the
 * client's, and one whose role is unknown: the same exchanges whatever the side and however the
 * bytes are cut into calls, with the values the clients saw.
 */
class RecordedConversationsTest {

  static Stream<Arguments> everyRecordingOnEverySide() {
    return Stream.of(ALL).flatMap(name -> Stream.of(Role.values()).map(role -> Arguments.of(name, role)));
  }

  @ParameterizedTest(name = "{0} on the {1} side")
  @MethodSource("everyRecordingOnEverySide")
  void splittingAnyCallAtAnyOffsetChangesNothingAndNothingIsLost(String name, Role role) {
    SplitInvariance.Outcome outcome = SplitInvariance.assertSameWhateverTheSplit(capture(name, role));

    assertTrue(!outcome.exchanges().isEmpty() || outcome.tlsStarts() == 1, outcome.toString());
    assertEquals(List.of(), outcome.dropped());
    assertEquals(List.of(), outcome.unparseable());
  }

  @ParameterizedTest(name = "{0} on the {1} side")
  @MethodSource("everyRecordingOnEverySide")
  void noExchangeCarriesThePassword(String name, Role role) {
    for (Exchange exchange : capture(name, role).replay().exchanges) {
      assertFalse(exchange.summary().contains(PASSWORD), exchange.summary());
      exchange.attributes().values().forEach(value -> assertFalse(String.valueOf(value).contains(PASSWORD), exchange.toString()));
    }
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void commandLineClientSelectInsertAndMissingTable(Role role) {
    List<Exchange> exchanges = capture(CLI_SELECT_INSERT_ERROR, role).replay().exchanges;

    assertEquals(5, exchanges.size(), exchanges.toString());
    Exchange connect = exchanges.get(0);
    assertEquals("CONNECT app@shop -> OK", connect.summary());
    assertEquals("mariadb", connect.attribute("db.system.name"));
    assertEquals("app", connect.attribute("mysql.user"));
    assertEquals("shop", connect.attribute("db.namespace"));
    assertEquals("mysql_native_password", connect.attribute("mysql.auth.plugin"));
    assertEquals("5.5.5-10.11.19-MariaDB-0+deb12u1", connect.attribute("mysql.server.version"));
    assertEquals(4L, connect.attribute("mysql.connection.id"));

    Exchange select = exchanges.get(1);
    assertEquals("SELECT id, name, price FROM items ORDER BY id -> 3 rows", select.summary());
    assertEquals("SELECT", select.attribute("db.operation.name"));
    assertEquals("SELECT id, name, price FROM items ORDER BY id", select.attribute("db.query.text"));
    assertEquals(3L, select.attribute("db.response.returned_rows"));
    assertEquals("shop", select.attribute("db.namespace"));
    assertEquals("QUERY", select.attribute("mysql.command"));
    assertEquals(3306L, select.attribute("server.port"));
    assertEquals(51000L, select.attribute("client.port"));
    // the query went by in the 4th recorded read, its result set in the 5th
    assertEquals(4_000, select.startNanos());
    assertEquals(5_000, select.endNanos());

    Exchange insert = exchanges.get(2);
    assertEquals("INSERT", insert.attribute("db.operation.name"));
    assertEquals(2L, insert.attribute("mysql.affected_rows"));
    assertEquals(4L, insert.attribute("mysql.last_insert_id"));
    assertNull(insert.attribute("db.response.returned_rows"));
    assertNull(insert.attribute("error.type"));

    Exchange missing = exchanges.get(3);
    assertEquals("SELECT * FROM missing -> ERR 1146 (42S02)", missing.summary());
    assertEquals("1146", missing.attribute("db.response.status_code"));
    assertEquals("1146", missing.attribute("error.type"));
    assertEquals("42S02", missing.attribute("mysql.sqlstate"));
    assertEquals("Table 'shop.missing' doesn't exist", missing.attribute("mysql.error.message"));

    Exchange quit = exchanges.get(4);
    assertEquals("QUIT -> no response", quit.summary());
    assertEquals(quit.startNanos(), quit.endNanos());
  }

  @Test
  void fourStatementsWithEofPacketsAfterMetadata() {
    List<String> summaries = summaries(CLI_FOUR_STATEMENTS);

    assertEquals(List.of(
        "CONNECT app@shop -> OK",
        "SELECT name FROM items WHERE id < 3 -> 2 rows",
        "SELECT COUNT(*) FROM items -> 1 row",
        "UPDATE items SET price = price WHERE id = 999 -> OK",
        "SELECT @@version_comment -> 1 row",
        "QUIT -> no response"), summaries);
  }

  @Test
  void pingWithoutDatabase() {
    List<Exchange> exchanges = capture(ADMIN_PING, Role.CLIENT).replay().exchanges;

    assertEquals(List.of("CONNECT app -> OK", "PING -> OK", "QUIT -> no response"),
        exchanges.stream().map(Exchange::summary).toList());
    assertEquals("PING", exchanges.get(1).attribute("db.operation.name"));
    assertNull(exchanges.get(1).attribute("db.namespace"));
    assertNull(exchanges.get(1).attribute("mysql.affected_rows"));
  }

  @Test
  void wrongPasswordEndsAuthenticationWithErr1045() {
    Exchange connect = capture(CLI_WRONG_PASSWORD, Role.SERVER).replay().onlyExchange();

    assertEquals("CONNECT app@shop -> ERR 1045 (28000)", connect.summary());
    assertEquals("1045", connect.attribute("db.response.status_code"));
    assertEquals("28000", connect.attribute("mysql.sqlstate"));
    assertEquals("Access denied for user 'app'@'localhost' (using password: YES)", connect.attribute("mysql.error.message"));
  }

  @Test
  void authenticationSwitchAfterAPasswordSentInClear() {
    List<Exchange> exchanges = capture(CLI_CLEAR_PASSWORD, Role.SERVER).replay().exchanges;

    assertEquals(List.of("CONNECT app@shop -> OK", "SELECT 1 -> 1 row", "QUIT -> no response"),
        exchanges.stream().map(Exchange::summary).toList());
    // the plugin the server switched to
    assertEquals("mysql_native_password", exchanges.get(0).attribute("mysql.auth.plugin"));
  }

  @Test
  void loadDataLocalInfileSkipsTheFileAndAProgressReport() {
    Exchange load = capture(CLI_LOCAL_INFILE, Role.SERVER).replay().exchanges.get(1);

    assertEquals("LOAD", load.attribute("db.operation.name"));
    assertEquals(2L, load.attribute("mysql.affected_rows"));
    assertNull(load.attribute("error.type"));
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void sslRequestHandsTheSocketToTls(Role role) {
    RecordingContext context = capture(CLI_SSL_REQUEST, role).replay();

    assertEquals(1, context.tlsStarts);
    assertEquals(List.of(), context.exchanges);
    assertEquals(List.of(), context.unparseable);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void preparedStatementExecutionsCarryTheStatementText(Role role) {
    List<Exchange> exchanges = capture(JDBC_PREPARED, role).replay().exchanges;

    assertEquals(9, exchanges.size(), exchanges.toString());
    assertEquals("SET", exchanges.get(1).attribute("db.operation.name"));
    Exchange prepare = exchanges.get(2);
    String select = "SELECT id, name FROM items WHERE price > ? ORDER BY id";
    assertEquals("PREPARE", prepare.attribute("db.operation.name"));
    assertEquals(select, prepare.attribute("db.query.text"));
    assertEquals(1L, prepare.attribute("mysql.statement.id"));
    long[] rows = {5, 4, 3};
    for (int i = 0; i < 3; i++) {
      Exchange execute = exchanges.get(3 + i);
      assertEquals("STMT_EXECUTE", execute.attribute("mysql.command"));
      assertEquals("SELECT", execute.attribute("db.operation.name"));
      assertEquals(select, execute.attribute("db.query.text"));
      assertEquals(rows[i], execute.attribute("db.response.returned_rows"));
    }
    assertEquals(PreparedStatements.LAST_PREPARED, exchanges.get(3).attribute("mysql.statement.id"));
    assertEquals(1L, exchanges.get(4).attribute("mysql.statement.id"));

    // PREPARE and EXECUTE sent together, before either response
    Exchange pipelinedPrepare = exchanges.get(6);
    Exchange pipelinedExecute = exchanges.get(7);
    assertEquals("PREPARE UPDATE items SET price = price + ? WHERE id = ? -> statement 2", pipelinedPrepare.summary());
    assertEquals("EXECUTE UPDATE items SET price = price + ? WHERE id = ? -> OK, 1 affected", pipelinedExecute.summary());
    assertTrue(pipelinedExecute.startNanos() < pipelinedPrepare.endNanos(), "sent before the prepare was answered");
    assertEquals("QUIT -> no response", exchanges.get(8).summary());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void multiResultsCloseFailingPreparePingAndInitDb(Role role) {
    List<Exchange> exchanges = capture(JDBC_MULTI_RESULTS, role).replay().exchanges;

    assertEquals(List.of(
        "CONNECT app@shop -> OK",
        "set sql_mode=CONCAT(@@sql_mode,',STRICT_TRANS_TABLES'),session_track_system_v... -> OK",
        "SELECT 1 AS x; SELECT name FROM items WHERE id = 2 -> 2 rows in 2 result sets",
        "CALL two() -> 3 rows in 2 result sets",
        "PREPARE SELECT name FROM items WHERE id = ? -> statement 1",
        "EXECUTE SELECT name FROM items WHERE id = ? -> 1 row",
        "CLOSE -> no response",
        "PREPARE SELECT * FROM nowhere WHERE id = ? -> ERR 1146 (42S02)",
        "EXECUTE SELECT * FROM nowhere WHERE id = ? -> ERR 1243 (HY000)",
        "PING -> OK",
        "INIT_DB other -> OK",
        "QUIT -> no response"), exchanges.stream().map(Exchange::summary).toList());
    assertEquals(2L, exchanges.get(2).attribute("mysql.result_sets"));
    assertEquals(1L, exchanges.get(6).attribute("mysql.statement.id"));
    assertEquals("other", exchanges.get(10).attribute("db.namespace"));
    assertEquals("shop", exchanges.get(9).attribute("db.namespace"));
    assertEquals("other", exchanges.get(11).attribute("db.namespace"), "INIT_DB changed the schema");
  }

  private static List<String> summaries(String name) {
    return capture(name, Role.SERVER).replay().exchanges.stream().map(Exchange::summary).toList();
  }
}
