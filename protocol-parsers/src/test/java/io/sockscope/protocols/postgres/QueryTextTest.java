package io.sockscope.protocols.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class QueryTextTest {

  @Test
  void literalsAreHiddenWhenPasswordAppearsInAnyCase() {
    assertEquals("ALTER ROLE app PassWord '***'", of("ALTER ROLE app PassWord 'n3w'"));
    assertEquals("SELECT dblink('***', '***')", of("SELECT dblink('host=db PASSWORD=x', 'SELECT 1')"));
    assertEquals("SELECT 'pass word'", of("SELECT 'pass word'"), "no password mentioned: nothing hidden");
  }

  @Test
  void briefFlattensWhiteSpaceRunsAndCutsAtTheMaximum() {
    assertEquals("SELECT a FROM t WHERE id = $1", QueryText.brief("\n  SELECT a\r\n\tFROM  t\fWHERE id = $1\n", 60));
    assertEquals("SELECT\u2003a", QueryText.brief(" SELECT\u2003a ", 60), "only ASCII white space runs become one space");
    assertEquals("SELECT c, c...", QueryText.brief("SELECT c,\n c,\n c,\n c", 14));
    assertEquals("SELECT c, c, c", QueryText.brief("SELECT c,\n c,\n c\n", 14), "exactly the maximum: not cut");
  }

  private static String of(String sql) {
    byte[] bytes = sql.getBytes(UTF_8);
    return QueryText.of(ByteBuffer.wrap(bytes), 0, bytes.length);
  }
}
