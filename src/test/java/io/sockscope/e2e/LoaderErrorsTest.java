package io.sockscope.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.ProgramLoadException;
import io.sockscope.internal.bpf.BpfObject;
import io.sockscope.internal.bpf.LibBpfLoader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when the kernel or the process does not allow tracing. */
@KernelTest
class LoaderErrorsTest {
  /** Reads a map value without checking it for NULL: the verifier must refuse it. */
  private static final String REJECTED_PROGRAM = String.join("\n",
      "#include <linux/bpf.h>",
      "#include <bpf/bpf_helpers.h>",
      "struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1); __type(key, int); __type(value, long); } counts SEC(\".maps\");",
      "SEC(\"tracepoint/syscalls/sys_enter_write\")",
      "int unchecked(void *ctx) { int key = 0; long *n = bpf_map_lookup_elem(&counts, &key); *n += 1; return 0; }",
      "char LICENSE[] SEC(\"license\") = \"GPL\";",
      "");

  @TempDir Path dir;

  @Test
  void aProgramTheVerifierRejectsFailsWithTheVerifierLog() throws Exception {
    Path source = dir.resolve("rejected.bpf.c");
    Files.writeString(source, REJECTED_PROGRAM);
    Path object = dir.resolve("rejected.bpf.o");
    String multiarch = Commands.run(List.of("gcc", "-print-multiarch")).strip();
    Commands.run(List.of("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + multiarch,
        "-c", source.toString(), "-o", object.toString()));

    try (BpfObject opened = BpfObject.open(LibBpfLoader.load(), object)) {
      ProgramLoadException e = assertThrows(ProgramLoadException.class, opened::load);
      assertTrue(e.getMessage().startsWith("the kernel refused sockscope's eBPF programs"), e.getMessage());
      assertTrue(e.verifierLog().contains("map_value_or_null"), "verifier log names the unchecked pointer:\n" + e.verifierLog());
      assertTrue(e.getMessage().contains(e.verifierLog()), "the log is in the message");
    }
  }

  @Test
  void withoutPrivilegesTheTraceCommandSaysWhatToGrant() throws Exception {
    Path jar = Path.of(System.getProperty("sockscope.examplesJar", "../examples/target/sockscope.jar")).toAbsolutePath();
    // The unprivileged user must be able to read the jar: copy it somewhere world-readable.
    Path readable = Files.createTempFile("sockscope", ".jar");
    try {
      Files.copy(jar, readable, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      readable.toFile().setReadable(true, false);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
              java, "-jar", readable.toString(), "trace", "--duration", "1")
          .directory(new File("/"))
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(1, process.exitValue(), output);
      assertTrue(output.contains("run as root, or grant CAP_BPF and CAP_PERFMON"), output);
      assertFalse(output.contains("Exception in thread"), "a message, not a stack trace: " + output);
    } finally {
      Files.deleteIfExists(readable);
    }
  }
}
