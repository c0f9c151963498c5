package io.sockscope.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles sockscope.h with the C compiler and checks every offset the Java decoder uses. */
class RecordLayoutTest {
  private static final Path HEADER = Path.of("..", "bpf-programs", "src", "main", "c", "sockscope.h");

  private static final String PROGRAM = String.join("\n",
      "#include <stdio.h>",
      "#include <stddef.h>",
      "#include \"sockscope.h\"",
      "#define P(name, value) printf(\"%s=%lu\\n\", name, (unsigned long)(value))",
      "int main(void) {",
      "  P(\"KIND_CONN_OPEN\", SOCKSCOPE_REC_CONN_OPEN); P(\"KIND_DATA\", SOCKSCOPE_REC_DATA);",
      "  P(\"KIND_CONN_CLOSE\", SOCKSCOPE_REC_CONN_CLOSE); P(\"KIND_PROC_EXIT\", SOCKSCOPE_REC_PROC_EXIT);",
      "  P(\"ROLE_CLIENT\", SOCKSCOPE_ROLE_CLIENT); P(\"ROLE_SERVER\", SOCKSCOPE_ROLE_SERVER);",
      "  P(\"DIRECTION_RECEIVED\", SOCKSCOPE_DIR_RECEIVED);",
      "  P(\"MAX_PAYLOAD\", SOCKSCOPE_MAX_PAYLOAD); P(\"MAX_IOV\", SOCKSCOPE_MAX_IOV);",
      "  P(\"HEADER_CPU\", offsetof(struct sockscope_header, cpu));",
      "  P(\"HEADER_TIMESTAMP\", offsetof(struct sockscope_header, timestamp_ns));",
      "  P(\"CONN_TGID\", offsetof(struct sockscope_data, conn.tgid));",
      "  P(\"CONN_FD\", offsetof(struct sockscope_conn_open, conn.fd));",
      "  P(\"CONN_GENERATION\", offsetof(struct sockscope_conn_close, conn.generation));",
      "  P(\"OPEN_ROLE\", offsetof(struct sockscope_conn_open, role));",
      "  P(\"OPEN_TID\", offsetof(struct sockscope_conn_open, tid));",
      "  P(\"OPEN_FAMILY\", offsetof(struct sockscope_conn_open, family));",
      "  P(\"OPEN_LOCAL_PORT\", offsetof(struct sockscope_conn_open, local_port));",
      "  P(\"OPEN_REMOTE_PORT\", offsetof(struct sockscope_conn_open, remote_port));",
      "  P(\"OPEN_LOCAL_ADDR\", offsetof(struct sockscope_conn_open, local_addr));",
      "  P(\"OPEN_REMOTE_ADDR\", offsetof(struct sockscope_conn_open, remote_addr));",
      "  P(\"OPEN_COMM\", offsetof(struct sockscope_conn_open, comm));",
      "  P(\"OPEN_SIZE\", sizeof(struct sockscope_conn_open));",
      "  P(\"DATA_DIRECTION\", offsetof(struct sockscope_data, direction));",
      "  P(\"DATA_SOURCE\", offsetof(struct sockscope_data, source));",
      "  P(\"DATA_POSITION\", offsetof(struct sockscope_data, position));",
      "  P(\"DATA_SIZE\", offsetof(struct sockscope_data, size));",
      "  P(\"DATA_CAPTURED\", offsetof(struct sockscope_data, captured));",
      "  P(\"DATA_PAYLOAD\", offsetof(struct sockscope_data, payload));",
      "  P(\"CLOSE_BYTES_SENT\", offsetof(struct sockscope_conn_close, bytes_sent));",
      "  P(\"CLOSE_BYTES_RECEIVED\", offsetof(struct sockscope_conn_close, bytes_received));",
      "  P(\"CLOSE_SIZE\", sizeof(struct sockscope_conn_close));",
      "  P(\"EXIT_TGID\", offsetof(struct sockscope_proc_exit, tgid));",
      "  P(\"EXIT_SIZE\", sizeof(struct sockscope_proc_exit));",
      "  P(\"CONFIG_CAPTURE_CAP\", offsetof(struct sockscope_config, capture_cap));",
      "  P(\"CONFIG_FILTER_PIDS\", offsetof(struct sockscope_config, filter_pids));",
      "  P(\"CONFIG_FILTER_PORTS\", offsetof(struct sockscope_config, filter_ports));",
      "  P(\"CONFIG_SELF_TGID\", offsetof(struct sockscope_config, self_tgid));",
      "  P(\"CONFIG_SIZE\", sizeof(struct sockscope_config));",
      "  P(\"LOSS_BYTES\", SOCKSCOPE_LOSS_BYTES); P(\"LOSS_COUNT\", SOCKSCOPE_LOSS_COUNT);",
      "  return 0;",
      "}",
      "");

  @Test
  void everyOffsetMatchesTheCHeader(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(HEADER), "header not found at " + HEADER.toAbsolutePath());
    Path source = dir.resolve("layout.c");
    Files.writeString(source, PROGRAM);
    Path binary = dir.resolve("layout");
    run(dir, "cc", "-I", HEADER.getParent().toAbsolutePath().toString(), "-o", binary.toString(), source.toString());
    Map<String, Long> c = new HashMap<>();
    for (String line : run(dir, binary.toString()).split("\n")) {
      String[] kv = line.split("=");
      c.put(kv[0], Long.parseLong(kv[1]));
    }
    assertEquals(41, c.size(), "values printed by the C program");
    for (Map.Entry<String, Long> entry : c.entrySet()) {
      long java = RecordLayout.class.getField(entry.getKey()).getInt(null);
      assertEquals(entry.getValue(), java, entry.getKey());
    }
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    return output;
  }
}
