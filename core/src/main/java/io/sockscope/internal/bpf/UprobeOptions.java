package io.sockscope.internal.bpf;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * libbpf's {@code struct bpf_uprobe_opts} (libbpf 1.1), in native memory for one call:
 * {@code size_t sz; size_t ref_ctr_offset; __u64 bpf_cookie; bool retprobe; const char
 * *func_name;}. Later libbpf versions append fields and read only the first {@code sz} bytes.
 */
final class UprobeOptions implements AutoCloseable {
  static final int SIZE = 40;
  private static final int SZ = 0;
  private static final int COOKIE = 16;
  private static final int RETPROBE = 24;
  private static final int FUNC_NAME = 32;

  private final Pointer options;
  private final Pointer name;

  UprobeOptions(LibBpf lib, String function, boolean retprobe, long cookie) {
    Runtime runtime = Runtime.getRuntime(lib);
    byte[] bytes = function.getBytes(StandardCharsets.US_ASCII);
    name = Memory.allocateDirect(runtime, bytes.length + 1, true);
    name.put(0, bytes, 0, bytes.length);
    name.putByte(bytes.length, (byte) 0);
    options = Memory.allocateDirect(runtime, SIZE, true);
    options.putLong(SZ, SIZE);
    options.putLong(COOKIE, cookie);
    options.putByte(RETPROBE, (byte) (retprobe ? 1 : 0));
    options.putAddress(FUNC_NAME, name.address());
  }

  Pointer pointer() {
    return options;
  }

  /** The memory is freed by the garbage collector; this only marks the end of its use. */
  @Override
  public void close() {
    // Memory.allocateDirect memory is released when the Pointer is collected: keep both
    // reachable until here.
    java.lang.ref.Reference.reachabilityFence(name);
    java.lang.ref.Reference.reachabilityFence(options);
  }
}
