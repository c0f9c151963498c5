package io.sockscope.protocols.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.protocols.redis.RespValue.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AUTH s3cret                                   | AUTH ?",
        "auth default s3cret                           | auth ? ?",
        "HELLO 3 AUTH default s3cret SETNAME app       | HELLO 3 AUTH ? ? SETNAME app",
        "hello 3 auth u p                              | hello 3 auth ? ?",
        "MIGRATE h 6379 k 0 5000 AUTH pw KEYS a        | MIGRATE h 6379 k 0 5000 AUTH ? KEYS a",
        "MIGRATE h 6379 k 0 5000 AUTH2 user pw KEYS a  | MIGRATE h 6379 k 0 5000 AUTH2 ? ? KEYS a",
        "ACL SETUSER alice on >pw ~* +@all             | ACL SETUSER alice ? ? ? ?",
        "CONFIG SET requirepass pw maxmemory 1mb       | CONFIG SET requirepass ? maxmemory 1mb",
        "CONFIG SET masterauth pw                      | CONFIG SET masterauth ?",
        "SENTINEL SET mymaster auth-pass pw            | SENTINEL SET mymaster auth-pass ?",
        "SET auth value                                | SET auth value",
      })
  void secretsAreReplacedBeforeAnythingIsReported(String sent, String reported) {
    Command command = Command.of(inline(sent));

    assertEquals(reported, command.queryText());
    assertEquals(!sent.equals(reported), command.isRedacted());
  }

  @Test
  void containerCommandsNameTheirSubcommand() {
    assertEquals("CLIENT SETNAME", Command.of(inline("client setname app")).operationName());
    assertEquals("CONFIG GET", Command.of(inline("CONFIG GET maxmemory")).operationName());
    assertEquals("GET", Command.of(inline("get CONFIG")).operationName());
    assertEquals("CLIENT SETNAME app", Command.of(inline("client setname app")).summaryHead());
  }

  @Test
  void theQueryTextIsBounded() {
    StringBuilder many = new StringBuilder("MSET");
    for (int i = 0; i < 200; i++) {
      many.append(" key").append(i).append(" ").append("v".repeat(30));
    }
    Command command = Command.of(inline(many.toString()));

    String text = command.queryText();
    assertEquals(RedisLimits.MAX_QUERY_TEXT_CHARS, text.length());
    assertTrue(text.endsWith("..."), text);
    assertEquals(400L, command.argumentCount());
  }

  @Test
  void aLongArgumentIsCutAndMarked() {
    RespValue value = new RespValue(0);
    value.type(RespType.ARRAY, 2);
    value.addElement(new Element("SET", false, 3));
    value.addElement(new Element("k".repeat(RedisLimits.KEPT_ELEMENT_BYTES), true, 5_000));
    Command command = Command.of(value);

    assertEquals("SET " + "k".repeat(RedisLimits.KEPT_ELEMENT_BYTES) + "...", command.queryText());
    assertEquals("SET " + "k".repeat(64) + "...", command.summaryHead());
    assertFalse(command.isRedacted());
  }

  private static RespValue inline(String words) {
    String[] parts = words.strip().split(" +");
    RespValue value = new RespValue(0);
    value.type(RespType.ARRAY, parts.length);
    for (String part : parts) {
      value.addElement(new Element(part, false, part.length()));
    }
    return value;
  }
}
