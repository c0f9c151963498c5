package io.sockscope.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkSizeLineTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0",
        "7 | 7",
        "1a | 26",
        "1A | 26",
        "FFFF | 65535",
        "7;name=first | 7",
        "9 ;ext | 9",
        "'7;ext1;ext2=\"a;b\"' | 7",
        "20000000000000 | 9007199254740992",
      })
  void readsTheHexadecimalSizeBeforeAnyExtension(String line, long size) {
    assertEquals(size, ChunkSizeLine.parse(LineChars.of(line)));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | malformed chunk size line",
        ";ext | malformed chunk size line",
        "zz | chunk size not hexadecimal",
        "-1 | chunk size not hexadecimal",
        "0x10 | chunk size not hexadecimal",
        "20000000000001 | chunk size larger than 2^53",
        "ffffffffffffffffffff | chunk size larger than 2^53",
      })
  void rejectsBadSizes(String line, String problem) {
    long result = ChunkSizeLine.parse(LineChars.of(line));

    assertEquals(problem, result < 0 ? ChunkSizeLine.problem(result) : "accepted as " + result);
  }
}
