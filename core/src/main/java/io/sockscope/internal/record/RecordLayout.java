package io.sockscope.internal.record;

/**
 * Offsets and sizes of the records in {@code bpf-programs/src/main/c/sockscope.h}, which is
 * their one definition; {@code RecordLayoutTest} compiles that header and checks every value
 * here against it. All multi-byte fields are little-endian, except ports, which are in network
 * order.
 */
public final class RecordLayout {
  private RecordLayout() {}

  public static final int KIND_CONN_OPEN = 1;
  public static final int KIND_DATA = 2;
  public static final int KIND_CONN_CLOSE = 3;
  public static final int KIND_PROC_EXIT = 4;
  public static final int KIND_PROC_EXEC = 5;
  public static final int KIND_BYPASS = 6;

  public static final int BYPASS_SPLICE = 1;
  public static final int BYPASS_IO_URING = 2;

  public static final int DATA_FLAG_DATAGRAM = 1;
  public static final int DATA_FLAG_MESSAGE_START = 2;
  public static final int DATA_FLAG_SKIPPED_MESSAGES = 4;

  public static final int AF_UNIX = 1;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_DGRAM = 2;

  public static final int ROLE_UNKNOWN = 0;
  public static final int ROLE_CLIENT = 1;
  public static final int ROLE_SERVER = 2;

  public static final int DIRECTION_SENT = 0;
  public static final int DIRECTION_RECEIVED = 1;

  /** Sources of data records that carry a TLS library's plaintext. */
  public static final int SRC_TLS_WRITE = 12;
  public static final int SRC_TLS_READ = 13;

  public static final int MAX_PAYLOAD = 30720;
  public static final int MAX_IOV = 16;
  public static final int MAX_CHUNKS_PER_SPAN = 32;
  public static final int MAX_MMSG = 16;
  public static final int UNIX_PATH_LEN = 108;

  /** struct sockscope_header */
  public static final int HEADER_KIND = 0;
  public static final int HEADER_CPU = 4;
  public static final int HEADER_TIMESTAMP = 8;

  /** struct sockscope_conn_id, at the same place in every connection record */
  public static final int CONN_TGID = 16;
  public static final int CONN_FD = 20;
  public static final int CONN_GENERATION = 24;

  /** struct sockscope_conn_open */
  public static final int OPEN_ROLE = 32;
  public static final int OPEN_TID = 36;
  public static final int OPEN_FAMILY = 40;
  public static final int OPEN_LOCAL_PORT = 42;
  public static final int OPEN_REMOTE_PORT = 44;
  public static final int OPEN_SOCK_TYPE = 46;
  public static final int OPEN_LOCAL_ADDR = 48;
  public static final int OPEN_REMOTE_ADDR = 64;
  public static final int OPEN_COMM = 80;
  public static final int OPEN_LOCAL_PATH_LEN = 96;
  public static final int OPEN_REMOTE_PATH_LEN = 98;
  public static final int OPEN_LOCAL_PATH = 100;
  public static final int OPEN_REMOTE_PATH = 208;
  public static final int ADDR_LEN = 16;
  public static final int COMM_LEN = 16;
  public static final int OPEN_SIZE = 320;

  /** struct sockscope_data */
  public static final int DATA_DIRECTION = 32;
  public static final int DATA_SOURCE = 36;
  public static final int DATA_POSITION = 40;
  public static final int DATA_SIZE = 48;
  public static final int DATA_CAPTURED = 52;
  public static final int DATA_PEER_FAMILY = 56;
  public static final int DATA_PEER_PORT = 58;
  public static final int DATA_FLAGS = 60;
  public static final int DATA_MESSAGE_SIZE = 64;
  public static final int DATA_TLS_LIBRARY = 68;
  public static final int DATA_PEER_ADDR = 72;
  public static final int DATA_PAYLOAD = 88;

  /** struct sockscope_conn_close */
  public static final int CLOSE_BYTES_SENT = 32;
  public static final int CLOSE_BYTES_RECEIVED = 40;
  public static final int CLOSE_TLS_BYTES_SENT = 48;
  public static final int CLOSE_TLS_BYTES_RECEIVED = 56;
  public static final int CLOSE_SIZE = 64;

  /** struct sockscope_proc_exit */
  public static final int EXIT_TGID = 16;
  public static final int EXIT_SIZE = 24;

  /** struct sockscope_bypass */
  public static final int BYPASS_REASON = 32;
  public static final int BYPASS_SIZE = 40;

  /** struct sockscope_config, the only variable in the object's .rodata */
  public static final int CONFIG_MAX_CAPTURE_PER_CALL = 0;
  public static final int CONFIG_FILTER_PIDS = 4;
  public static final int CONFIG_FILTER_PORTS = 8;
  public static final int CONFIG_SELF_TGID = 12;
  public static final int CONFIG_FILTER_CGROUPS = 16;
  public static final int CONFIG_TLS = 20;
  public static final int CONFIG_WAKEUP_BYTES = 24;
  public static final int CONFIG_SIZE = 32;

  /** struct sockscope_conn_state, the value of map "conns" */
  public static final int CONN_STATE_GENERATION = 0;
  public static final int CONN_STATE_TRACED = 36;
  public static final int CONN_STATE_TLS_TRACED = 64;
  public static final int CONN_STATE_SIZE = 72;

  /** Indexes of the per-CPU map "losses". */
  public static final int LOSS_RECORDS = 0;
  public static final int LOSS_BYTES = 1;
  public static final int LOSS_TLS_UNATTRIBUTED_CALLS = 2;
  public static final int LOSS_TLS_UNATTRIBUTED_BYTES = 3;
  public static final int LOSS_COUNT = 4;

  /** The smallest record of each kind; a shorter one is corrupt. */
  public static int minimumSize(int kind) {
    switch (kind) {
      case KIND_CONN_OPEN:
        return OPEN_SIZE;
      case KIND_DATA:
        return DATA_PAYLOAD;
      case KIND_CONN_CLOSE:
        return CLOSE_SIZE;
      case KIND_PROC_EXIT:
      case KIND_PROC_EXEC:
        return EXIT_SIZE;
      case KIND_BYPASS:
        return BYPASS_SIZE;
      default:
        return Integer.MAX_VALUE;
    }
  }
}
