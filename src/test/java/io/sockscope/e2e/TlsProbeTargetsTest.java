package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.TlsLibrary;
import io.sockscope.Tracer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the TLS probes' breakpoints are. A probe is a breakpoint written into the library's code
 * as each process sees it; a process whose copy carries one pays a trap on every call of the
 * function, whether the tracer wants the call or not. With a pid filter, only the processes
 * traced carry them. Read from the processes' memory ({@code /proc/<pid>/mem}) and compared with
 * the library file: two Python processes that load OpenSSL, one traced, one not.
 */
@KernelTest
class TlsProbeTargetsTest {
  /** The functions probed in OpenSSL 3 (entry and return probes share one breakpoint). */
  private static final int OPENSSL_FUNCTIONS_PROBED = 6;

  private static final String WAITING_PROGRAM = String.join("\n",
      "import ssl, sys",
      "print('ready', flush=True)",
      "sys.stdin.readline()",
      "");

  @TempDir Path dir;

  @Test
  void withAPidFilterOnlyTheTracedProcessCarriesTheBreakpoints() throws Exception {
    try (PythonScript traced = PythonScript.start(dir, "traced.py", WAITING_PROGRAM);
        PythonScript other = PythonScript.start(dir, "other.py", WAITING_PROGRAM)) {
      assertEquals("ready", traced.readLine());
      assertEquals("ready", other.readLine());
      try (Tracer tracer = TestTracers.builder().tlsUprobes().pids(traced.pid()).build()) {
        tracer.start();
        assertTrue(tracer.tlsLibraries().stream().anyMatch(l -> l.kind() == TlsLibrary.Kind.OPENSSL),
            tracer.tlsLibraries().toString());

        assertEquals(OPENSSL_FUNCTIONS_PROBED, breakpoints(traced.pid()), "the traced process");
        assertEquals(0, breakpoints(other.pid()), "the process outside the filter");
      }
      assertEquals(0, breakpoints(traced.pid()), "after the tracer closed");
      traced.go();
      other.go();
      traced.awaitExit();
      other.awaitExit();
    }
  }

  @Test
  void withoutAPidFilterEveryProcessCarriesThem() throws Exception {
    try (PythonScript first = PythonScript.start(dir, "first.py", WAITING_PROGRAM);
        PythonScript second = PythonScript.start(dir, "second.py", WAITING_PROGRAM)) {
      assertEquals("ready", first.readLine());
      assertEquals("ready", second.readLine());
      try (Tracer tracer = TestTracers.builder().tlsUprobes().build()) {
        tracer.start();

        assertEquals(OPENSSL_FUNCTIONS_PROBED, breakpoints(first.pid()));
        assertEquals(OPENSSL_FUNCTIONS_PROBED, breakpoints(second.pid()));
      }
      assertEquals(0, breakpoints(first.pid()), "after the tracer closed");
      first.go();
      second.go();
      first.awaitExit();
      second.awaitExit();
    }
  }

  /**
   * How many places of libssl's code differ between the process's memory and the file: each
   * a breakpoint (one byte, int3, on x86-64).
   */
  private static int breakpoints(int pid) throws IOException {
    Mapping code = libsslCode(pid);
    byte[] inFile = new byte[code.length()];
    try (RandomAccessFile file = new RandomAccessFile(code.path(), "r")) {
      file.seek(code.fileOffset());
      file.readFully(inFile);
    }
    byte[] inMemory = new byte[code.length()];
    try (RandomAccessFile memory = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
      memory.seek(code.start());
      memory.readFully(inMemory);
    }
    if (Arrays.equals(inFile, inMemory)) {
      return 0;
    }
    int places = 0;
    for (int i = 0; i < inFile.length; i++) {
      if (inFile[i] != inMemory[i] && (i == 0 || inFile[i - 1] == inMemory[i - 1])) {
        places++;
      }
    }
    assertTrue(places > 0);
    return places;
  }

  private record Mapping(long start, int length, long fileOffset, String path) {}

  /** The executable mapping of libssl in the process ({@code r-xp} in its maps). */
  private static Mapping libsslCode(int pid) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 6 && fields[1].equals("r-xp") && fields[5].contains("/libssl.so")) {
        String[] range = fields[0].split("-");
        long start = Long.parseUnsignedLong(range[0], 16);
        long end = Long.parseUnsignedLong(range[1], 16);
        return new Mapping(start, Math.toIntExact(end - start), Long.parseUnsignedLong(fields[2], 16), fields[5]);
      }
    }
    throw new AssertionError("process " + pid + " has no libssl code mapped:\n" + String.join("\n", lines));
  }
}
