package io.sockscope.protocols.postgres;

import static io.sockscope.protocols.postgres.PgMessages.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockscope.protocols.testing.Capture;
import io.sockscope.protocols.testing.RecordingContext;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bytes that are not PostgreSQL end the session with a reason, never an exception. */
class MalformedInputTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "a length over 1 GiB | 51400000015345 | message length out of range",
    "a negative length | 51ffffffff | message length out of range",
    "a length under 4 | 5100000003 | message length out of range",
    "a server message type from the client | 5a0000000549 | not a client message type",
    "a zero type after the startup | 0000000800030000 | zero message type",
  })
  void aBadClientMessageAfterTheStartupEndsTheSession(String what, String hex, String reason) {
    RecordingContext context = SyntheticConversations.loggedIn()
        .received(HexFormat.of().parseHex(hex), 10_000)
        .received(query("SELECT 1"), 11_000)
        .replay();

    assertEquals(List.of(reason), context.unparseable, what);
    assertEquals(1, context.exchanges.size(), "the startup, before");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "a startup packet over 10000 bytes | 0000ffff00030000 | startup packet length out of range",
    "protocol 2 | 0000000800020000 | unsupported protocol version",
  })
  void aBadFirstPacketEndsTheSession(String what, String hex, String reason) {
    RecordingContext context = SyntheticConversations.onServer()
        .received(HexFormat.of().parseHex(hex), 1_000)
        .replay();

    assertEquals(List.of(reason), context.unparseable, what);
  }

  @Test
  void aServerAnswerThatFitsNoWaitingMessageEndsTheSession() {
    RecordingContext context = SyntheticConversations.loggedIn()
        .received(concat(parse("", "SELECT 1"), sync()), 10_000)
        .sent(concat(bindComplete(), ready()), 11_000)
        .replay();

    assertEquals(List.of("server message out of step with the client's"), context.unparseable);
  }

  @Test
  void aClientMessageTypeFromTheServerEndsTheSession() {
    RecordingContext context = SyntheticConversations.loggedIn()
        .received(query("SELECT 1"), 10_000)
        .sent(query("SELECT 1"), 11_000)
        .replay();

    assertEquals(List.of("not a server message type"), context.unparseable);
  }

  @Test
  void tooManyMessagesWithoutAnswerEndTheSession() {
    Capture capture = SyntheticConversations.loggedIn();
    byte[] parseAndSync = concat(parse("", "SELECT 1"), sync());
    for (int i = 0; i < PostgresLimits.MAX_PENDING_MESSAGES / 2 + 1; i++) {
      capture.received(parseAndSync, 10_000 + i);
    }
    RecordingContext context = capture.replay();

    assertEquals(List.of("more than 4096 messages waiting for a response"), context.unparseable);
  }

  @Test
  void gssapiEncryptionIsNotParsedAndSaysSo() {
    RecordingContext context = SyntheticConversations.onServer()
        .received(gssencRequest(), 1_000)
        .sent(new byte[] {'G'}, 2_000)
        .received(new byte[] {0x60, 0x01, 0x02}, 3_000)
        .replay();

    assertEquals(List.of("GSSAPI encryption is not parsed"), context.unparseable);
    assertEquals(0, context.tlsStarts);
  }

  @Test
  void aGssencRequestAnsweredNoIsFollowedByThePlainStartup() {
    RecordingContext context = SyntheticConversations.onServer()
        .received(gssencRequest(), 1_000)
        .sent(new byte[] {'N'}, 2_000)
        .received(startup("app", "orders"), 3_000)
        .sent(concat(authOk(), ready()), 4_000)
        .replay();

    assertEquals("N", context.onlyExchange().attribute("postgresql.ssl.answer"));
    assertEquals("none", context.onlyExchange().attribute("postgresql.auth.method"));
    assertEquals(List.of(), context.unparseable);
  }

  @Test
  void aMalformedConnectionDoesNotAffectTheNextOne() {
    SyntheticConversations.loggedIn().received(HexFormat.of().parseHex("51ffffffff"), 10_000).replay();

    RecordingContext next = SyntheticConversations.passwordChange().replay();
    assertEquals(2, next.exchanges.size());
    assertEquals(List.of(), next.unparseable);
  }
}
