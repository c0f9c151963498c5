package io.sockscope.protocols.postgres;

import static io.sockscope.protocols.postgres.PgMessages.*;

import io.sockscope.protocols.testing.Capture;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Conversations no recording holds, as the server's socket sees them (requests received, answers
 * sent): extended-protocol errors, a suspended portal, notices, cancel, large messages, gaps.
 */
final class SyntheticConversations {
  private SyntheticConversations() {}

  static Capture onServer() {
    return Capture.of(new PostgresParser(), PgConnections.server());
  }

  static Capture loggedIn() {
    return onServer()
        .received(startup("app", "orders"), 1_000)
        .sent(concat(authCleartext()), 2_000)
        .received(password("hunter2"), 3_000)
        .sent(concat(authOk(), ready()), 4_000);
  }

  /** A syntax error in the Parse of an extended run: the Bind and Execute behind it are skipped. */
  static Capture parseErrorSkipsToSync() {
    return loggedIn()
        .received(concat(parse("", "SELEC 1"), bind("", ""), describePortal(""), execute("", 0), sync()), 10_000)
        .sent(concat(error("42601", "syntax error at or near \"SELEC\""), ready()), 11_000)
        .received(concat(parse("", "SELECT 1"), bind("", ""), execute("", 0), sync()), 12_000)
        .sent(concat(parseComplete(), bindComplete(), dataRow(new byte[] {'1'}), commandComplete("SELECT 1"), ready()), 13_000);
  }

  /**
   * On the server's socket the error goes out before the rest of the pipeline is read: the
   * messages up to the Sync are ignored by the server, and by the parser.
   */
  static Capture errorBeforeTheRestOfThePipelineArrives() {
    return loggedIn()
        .received(concat(parse("s1", "INSERT INTO t VALUES ($1)"), bind("", "s1")), 10_000)
        .sent(concat(parseComplete(), error("23505", "duplicate key value violates unique constraint")), 11_000)
        .received(concat(execute("", 0), parse("s2", "SELECT 2"), sync()), 12_000)
        .sent(ready(), 13_000)
        .received(concat(bind("", "s1"), execute("", 0), sync()), 14_000)
        .sent(concat(bindComplete(), commandComplete("INSERT 0 1"), ready()), 15_000);
  }

  /** An Execute with a row limit stops with PortalSuspended; the next Execute goes on. */
  static Capture portalSuspendedThenResumed() {
    return loggedIn()
        .received(concat(parse("big", "SELECT g FROM generate_series(1, 3) g"), bind("cur", "big"),
            execute("cur", 2), sync()), 10_000)
        .sent(concat(parseComplete(), bindComplete(), dataRow(new byte[] {'1'}), dataRow(new byte[] {'2'}),
            portalSuspended(), ready()), 11_000)
        .received(concat(execute("cur", 2), sync()), 12_000)
        .sent(concat(dataRow(new byte[] {'3'}), commandComplete("SELECT 1"), ready()), 13_000);
  }

  /** Notices during a query are counted; a FATAL error ends the exchange without ReadyForQuery. */
  static Capture noticesThenFatal() {
    return loggedIn()
        .received(query("DROP TABLE IF EXISTS gone"), 10_000)
        .sent(concat(notice("table \"gone\" does not exist, skipping"), commandComplete("DROP TABLE"), ready()), 11_000)
        .received(query("SELECT pg_sleep(60)"), 12_000)
        .sent(fatal("57P01", "terminating connection due to administrator command"), 13_000)
        .close(14_000);
  }

  /** A CancelRequest on its own connection, then the close. */
  static Capture cancel() {
    return onServer().received(cancelRequest(4242, 0x5ec2e7), 1_000).close(2_000);
  }

  /** A password change: its literal never shows. */
  static Capture passwordChange() {
    return loggedIn()
        .received(query("ALTER ROLE app PASSWORD 'n3w-s3cret'"), 10_000)
        .sent(concat(commandComplete("ALTER ROLE"), ready()), 11_000);
  }

  /** A DataRow of {@code valueBytes} sent in calls of {@code callBytes}, then CommandComplete. */
  static Capture largeRow(int valueBytes, int callBytes) {
    byte[] value = new byte[valueBytes];
    Arrays.fill(value, (byte) 'v');
    byte[] answer = concat(rowDescription("blob"), dataRow(value), commandComplete("SELECT 1"), ready());
    Capture capture = loggedIn().received(query("SELECT blob FROM files WHERE id = 7"), 10_000);
    long nanos = 11_000;
    for (int at = 0; at < answer.length; at += callBytes) {
      capture.sent(Arrays.copyOfRange(answer, at, Math.min(answer.length, at + callBytes)), nanos++);
    }
    return capture;
  }

  /** A DataRow that loses bytes in the middle of its value: the framing holds. */
  static Capture gapInsideALargeRow() {
    byte[] value = new byte[100_000];
    byte[] answer = concat(rowDescription("blob"), dataRow(value), commandComplete("SELECT 1"), ready());
    return loggedIn()
        .received(query("SELECT blob FROM files"), 10_000)
        .sent(Arrays.copyOfRange(answer, 0, 20_000), 11_000)
        .gap(io.sockscope.spi.Direction.SENT, 50_000, 12_000)
        .sent(Arrays.copyOfRange(answer, 70_000, answer.length), 13_000)
        .received(query("SELECT 2"), 14_000)
        .sent(concat(rowDescription("c"), dataRow(new byte[] {'2'}), commandComplete("SELECT 1"), ready()), 15_000);
  }

  /** Answers lost between messages: the waiting query is dropped; the next one is read after the next call. */
  static Capture gapBetweenAnswers() {
    return loggedIn()
        .received(query("SELECT a FROM t"), 10_000)
        .sent(concat(rowDescription("a"), dataRow(new byte[] {'1'})), 11_000)
        .gap(io.sockscope.spi.Direction.SENT, 300, 12_000)
        .sent(concat(new byte[] {0, 0, 7}, commandComplete("SELECT 9"), ready()), 13_000)
        .received(query("SELECT b FROM t"), 14_000)
        .sent(concat(rowDescription("b"), dataRow(new byte[] {'2'}), commandComplete("SELECT 1"), ready()), 15_000);
  }

  /** Requests lost: counted once; the answers to them are told apart by their time and ignored. */
  static Capture gapInRequests() {
    return loggedIn()
        .gap(io.sockscope.spi.Direction.RECEIVED, 40, 10_000)
        .sent(concat(commandComplete("UPDATE 1"), ready()), 11_000)
        .received(query("SELECT 3"), 12_000)
        .sent(concat(rowDescription("c"), dataRow(new byte[] {'3'}), commandComplete("SELECT 1"), ready()), 13_000);
  }

  static Map<String, Capture> all() {
    Map<String, Capture> all = new LinkedHashMap<>();
    all.put("parse error skips to Sync", parseErrorSkipsToSync());
    all.put("error before the rest of the pipeline", errorBeforeTheRestOfThePipelineArrives());
    all.put("portal suspended then resumed", portalSuspendedThenResumed());
    all.put("notices then FATAL", noticesThenFatal());
    all.put("cancel request", cancel());
    all.put("password change", passwordChange());
    all.put("gap inside a large row", gapInsideALargeRow());
    all.put("gap between answers", gapBetweenAnswers());
    all.put("gap in requests", gapInRequests());
    return all;
  }
}
