package io.sockscope.protocols.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sockscope.Exchange;
import io.sockscope.protocols.testing.RecordingContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtendedProtocolAndErrorsTest {

  @Test
  void aParseErrorFailsItsRunAndTheServerSkipsToSync() {
    RecordingContext context = SyntheticConversations.parseErrorSkipsToSync().replay();

    assertEquals(3, context.exchanges.size(), context.exchanges.toString());
    Exchange failed = context.exchanges.get(1);
    assertEquals("SELEC 1", failed.attribute("db.query.text"));
    assertEquals("42601", failed.attribute("db.response.status_code"));
    assertEquals("syntax error at or near \"SELEC\"", failed.attribute("postgresql.error.message"));
    assertEquals(10_000, failed.startNanos());
    assertEquals(11_000, failed.endNanos());
    Exchange next = context.exchanges.get(2);
    assertEquals("SELECT 1", next.attribute("db.query.text"));
    assertEquals(1L, next.attribute("db.response.returned_rows"));
    assertEquals(List.of(), context.dropped);
  }

  @Test
  void messagesReadAfterAnErrorAreIgnoredUntilTheirSync() {
    RecordingContext context = SyntheticConversations.errorBeforeTheRestOfThePipelineArrives().replay();

    assertEquals(3, context.exchanges.size(), context.exchanges.toString());
    Exchange failed = context.exchanges.get(1);
    assertEquals("INSERT INTO t VALUES ($1)", failed.attribute("db.query.text"));
    assertEquals("23505", failed.attribute("error.type"));
    assertEquals("s1", failed.attribute("postgresql.statement.name"));
    Exchange retried = context.exchanges.get(2);
    assertEquals("INSERT INTO t VALUES ($1)", retried.attribute("db.query.text"), "s1 was parsed before the error");
    assertEquals(1L, retried.attribute("postgresql.affected_rows"));
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void aSuspendedPortalReportsItsRowsSoFarAndTheResumedExecuteTheRest() {
    RecordingContext context = SyntheticConversations.portalSuspendedThenResumed().replay();

    assertEquals(3, context.exchanges.size());
    Exchange first = context.exchanges.get(1);
    assertEquals(true, first.attribute("postgresql.portal.suspended"));
    assertEquals(2L, first.attribute("db.response.returned_rows"));
    assertEquals("cur", first.attribute("postgresql.portal.name"));
    assertEquals("big", first.attribute("postgresql.statement.name"));
    assertEquals("SELECT g FROM generate_series(1, 3) g -> suspended after 2 rows", first.summary());
    Exchange rest = context.exchanges.get(2);
    assertEquals("SELECT g FROM generate_series(1, 3) g", rest.attribute("db.query.text"), "known by its portal");
    assertEquals(1L, rest.attribute("db.response.returned_rows"));
    assertNull(rest.attribute("postgresql.portal.suspended"));
  }

  @Test
  void noticesAreCountedAndAFatalErrorEndsTheExchangeWithoutReadyForQuery() {
    RecordingContext context = SyntheticConversations.noticesThenFatal().replay();

    assertEquals(3, context.exchanges.size());
    Exchange drop = context.exchanges.get(1);
    assertEquals("DROP TABLE", drop.attribute("db.operation.name"));
    assertEquals(1L, drop.attribute("postgresql.notices"));
    Exchange killed = context.exchanges.get(2);
    assertEquals("57P01", killed.attribute("db.response.status_code"));
    assertEquals("FATAL", killed.attribute("postgresql.error.severity"));
    assertEquals(13_000, killed.endNanos());
    assertEquals(List.of(), context.dropped);
  }

  @Test
  void aCancelRequestIsOneExchangeWithThePidAndNotTheKey() {
    RecordingContext context = SyntheticConversations.cancel().replay();

    Exchange cancel = context.onlyExchange();
    assertEquals("cancel", cancel.attribute("postgresql.request.type"));
    assertEquals(4242L, cancel.attribute("postgresql.cancel.backend_pid"));
    assertEquals("cancel backend 4242", cancel.summary());
    RecordedConversationsTest.assertSecretsAbsent(context.exchanges, String.valueOf(0x5ec2e7));
  }

  @Test
  void passwordsInStatementsAndPasswordMessagesAppearNowhere() {
    RecordingContext context = SyntheticConversations.passwordChange().replay();

    assertEquals(2, context.exchanges.size());
    assertEquals("ALTER ROLE app PASSWORD '***'", context.exchanges.get(1).attribute("db.query.text"));
    assertEquals("cleartext", context.exchanges.get(0).attribute("postgresql.auth.method"));
    RecordedConversationsTest.assertSecretsAbsent(context.exchanges, "hunter2", "n3w-s3cret");
  }

  @Test
  void longQueryTextsAreCutTo1024Characters() {
    String sql = "SELECT '" + "é".repeat(5000) + "'";
    RecordingContext context = SyntheticConversations.loggedIn()
        .received(PgMessages.query(sql), 10_000)
        .sent(PgMessages.concat(PgMessages.commandComplete("SELECT 1"), PgMessages.ready()), 11_000)
        .replay();

    String text = (String) context.exchanges.get(1).attribute("db.query.text");
    assertEquals(sql.substring(0, 1024), text);
  }

  @Test
  void theConnectionClosingBeforeAnAnswerDropsTheWaitingExchangeOnce() {
    RecordingContext context = SyntheticConversations.loggedIn()
        .received(PgMessages.query("SELECT pg_sleep(10)"), 10_000)
        .close(11_000)
        .replay();

    assertEquals(1, context.exchanges.size());
    assertEquals(List.of("no response before close"), context.dropped);
  }

  @Test
  void aClientThatLeavesDuringAuthenticationIsCountedAsSuch() {
    RecordingContext context = SyntheticConversations.onServer()
        .received(PgMessages.startup("app", "orders"), 1_000)
        .sent(PgMessages.authCleartext(), 2_000)
        .close(3_000)
        .replay();

    assertEquals(List.of(), context.exchanges);
    assertEquals(List.of("connection closed during startup"), context.dropped);
  }
}
