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
      "  P(\"KIND_PROC_EXEC\", SOCKSCOPE_REC_PROC_EXEC); P(\"KIND_BYPASS\", SOCKSCOPE_REC_BYPASS);",
      "  P(\"BYPASS_SPLICE\", SOCKSCOPE_BYPASS_SPLICE); P(\"BYPASS_IO_URING\", SOCKSCOPE_BYPASS_IO_URING);",
      "  P(\"DATA_FLAG_DATAGRAM\", SOCKSCOPE_DATA_DATAGRAM); P(\"DATA_FLAG_MESSAGE_START\", SOCKSCOPE_DATA_MESSAGE_START);",
      "  P(\"DATA_FLAG_SKIPPED_MESSAGES\", SOCKSCOPE_DATA_SKIPPED_MESSAGES);",
      "  P(\"MAX_CHUNKS_PER_SPAN\", SOCKSCOPE_MAX_CHUNKS_PER_SPAN); P(\"MAX_MMSG\", SOCKSCOPE_MAX_MMSG);",
      "  P(\"UNIX_PATH_LEN\", SOCKSCOPE_UNIX_PATH_LEN);",
      "  P(\"OPEN_SOCK_TYPE\", offsetof(struct sockscope_conn_open, sock_type));",
      "  P(\"OPEN_LOCAL_PATH_LEN\", offsetof(struct sockscope_conn_open, local_path_len));",
      "  P(\"OPEN_REMOTE_PATH_LEN\", offsetof(struct sockscope_conn_open, remote_path_len));",
      "  P(\"OPEN_LOCAL_PATH\", offsetof(struct sockscope_conn_open, local_path));",
      "  P(\"OPEN_REMOTE_PATH\", offsetof(struct sockscope_conn_open, remote_path));",
      "  P(\"DATA_PEER_FAMILY\", offsetof(struct sockscope_data, peer_family));",
      "  P(\"DATA_PEER_PORT\", offsetof(struct sockscope_data, peer_port));",
      "  P(\"DATA_FLAGS\", offsetof(struct sockscope_data, flags));",
      "  P(\"DATA_MESSAGE_SIZE\", offsetof(struct sockscope_data, message_size));",
      "  P(\"DATA_PEER_ADDR\", offsetof(struct sockscope_data, peer_addr));",
      "  P(\"BYPASS_REASON\", offsetof(struct sockscope_bypass, reason));",
      "  P(\"BYPASS_SIZE\", sizeof(struct sockscope_bypass));",
      "  P(\"CONFIG_FILTER_CGROUPS\", offsetof(struct sockscope_config, filter_cgroups));",
      "  P(\"CONN_STATE_GENERATION\", offsetof(struct sockscope_conn_state, generation));",
      "  P(\"CONN_STATE_TRACED\", offsetof(struct sockscope_conn_state, traced));",
      "  P(\"CONN_STATE_SIZE\", sizeof(struct sockscope_conn_state));",
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
      "  P(\"CONFIG_MAX_CAPTURE_PER_CALL\", offsetof(struct sockscope_config, max_capture_per_call));",
      "  P(\"CONFIG_FILTER_PIDS\", offsetof(struct sockscope_config, filter_pids));",
      "  P(\"CONFIG_FILTER_PORTS\", offsetof(struct sockscope_config, filter_ports));",
      "  P(\"CONFIG_SELF_TGID\", offsetof(struct sockscope_config, self_tgid));",
      "  P(\"CONFIG_SIZE\", sizeof(struct sockscope_config));",
      "  P(\"LOSS_BYTES\", SOCKSCOPE_LOSS_BYTES); P(\"LOSS_COUNT\", SOCKSCOPE_LOSS_COUNT);",
      "  P(\"LOSS_TLS_UNATTRIBUTED_CALLS\", SOCKSCOPE_LOSS_TLS_UNATTRIBUTED_CALLS);",
      "  P(\"LOSS_TLS_UNATTRIBUTED_BYTES\", SOCKSCOPE_LOSS_TLS_UNATTRIBUTED_BYTES);",
      "  P(\"SRC_TLS_WRITE\", SOCKSCOPE_SRC_TLS_WRITE); P(\"SRC_TLS_READ\", SOCKSCOPE_SRC_TLS_READ);",
      "  P(\"DATA_TLS_LIBRARY\", offsetof(struct sockscope_data, tls_library));",
      "  P(\"CLOSE_TLS_BYTES_SENT\", offsetof(struct sockscope_conn_close, tls_bytes_sent));",
      "  P(\"CLOSE_TLS_BYTES_RECEIVED\", offsetof(struct sockscope_conn_close, tls_bytes_received));",
      "  P(\"CONFIG_TLS\", offsetof(struct sockscope_config, tls));",
      "  P(\"CONFIG_WAKEUP_BYTES\", offsetof(struct sockscope_config, wakeup_bytes));",
      "  P(\"CONN_STATE_TLS_TRACED\", offsetof(struct sockscope_conn_state, tls_traced));",
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
    assertEquals(77, c.size(), "values printed by the C program");
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
