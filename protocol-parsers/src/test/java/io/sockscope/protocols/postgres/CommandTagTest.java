package io.sockscope.protocols.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandTagTest {

  @ParameterizedTest(name = "[{0}] -> [{1}] {2}")
  @CsvSource(delimiter = '|', value = {
    "SELECT 5          | SELECT       | 5",
    "INSERT 0 1        | INSERT       | 1",
    "CREATE TABLE      | CREATE TABLE | ",
    "COPY 12345678     | COPY         | 12345678",
    "'  UPDATE 3 '     | UPDATE       | 3",
    "42                | 42           | ",
    "'SELECT  7'       | 'SELECT '    | 7",
    "FETCH 1234567890123456789 | FETCH 1234567890123456789 | ",
  })
  void splitsTheCommandFromItsTrailingCount(String tag, String command, Long rows) {
    CommandTag parsed = CommandTag.parse(tag);

    assertEquals(command, parsed.command());
    assertEquals(rows, parsed.rows());
  }
}
