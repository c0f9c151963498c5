package io.sockscope.protocols.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementTextTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
    "select 1 | SELECT",
    "  INSERT INTO t VALUES (1) | INSERT",
    "(SELECT a FROM t) UNION (SELECT b FROM u) | SELECT",
    "/* app=shop */ UPDATE t SET a = 1 | UPDATE",
    "/*!40101 SET NAMES utf8mb4 */ | SET",
    "-- note\\nDELETE FROM t | DELETE",
    "# note\\nCALL p() | CALL",
    "with_recursive_cte AS x | WITH_RECURSIVE_CTE",
  })
  void firstKeywordSkipsBlanksCommentsAndParentheses(String text, String keyword) {
    assertEquals(keyword, StatementText.firstKeyword(text.replace("\\n", "\n")));
  }

  @Test
  void noKeywordInAnUnclosedCommentOrPunctuation() {
    assertNull(StatementText.firstKeyword("/* never closed SELECT"));
    assertNull(StatementText.firstKeyword("?"));
  }

  @Test
  void abbreviateFlattensWhiteSpaceRunsAndCutsAtEightyCharacters() {
    assertEquals("SELECT a FROM t WHERE id = 1", StatementText.abbreviate("\n  SELECT a\r\n\tFROM  t\fWHERE id = 1\n"));
    assertEquals("SELECT\u2003a", StatementText.abbreviate(" SELECT\u2003a "), "only ASCII white space runs become one space");
    String cut = StatementText.abbreviate("SELECT " + "c,\n".repeat(100) + "d FROM t");
    assertEquals(80, cut.length());
    assertEquals("SELECT " + "c, ".repeat(23) + "c...", cut);
    String exact = "x".repeat(80);
    assertEquals(exact, StatementText.abbreviate("  " + exact + "\n"));
  }

  @Test
  void decodeCutsAtOneKibibyteWithoutSplittingACharacter() {
    byte[] bytes = ("x" + "é".repeat(1000)).getBytes(StandardCharsets.UTF_8); // 1 + 2000 bytes
    String text = StatementText.decode(bytes, 0, bytes.length);
    assertEquals(1 + 511, text.length(), "1023 bytes: the 1024th would split an é");
    assertEquals("é", text.substring(text.length() - 1));
  }
}
