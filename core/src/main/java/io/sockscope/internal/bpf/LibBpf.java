package io.sockscope.internal.bpf;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.NativeLongByReference;
import jnr.ffi.types.size_t;
import org.jspecify.annotations.Nullable;

/**
 * The raw libbpf calls sockscope uses, all present in libbpf 1.1 (Debian 12). Bound with
 * jnr-ffi by {@link LibBpfLoader}; the rest of the code goes through {@link BpfObject}.
 * Functions returning a pointer return null and set errno on failure (libbpf 1.x).
 */
public interface LibBpf {
  int LIBBPF_WARN = 0;
  int LIBBPF_INFO = 1;
  int LIBBPF_DEBUG = 2;
  long BPF_ANY = 0;
  long BPF_EXIST = 2;

  /** libbpf's print callback: {@code int (*)(enum libbpf_print_level, const char *, va_list)}. */
  interface PrintCallback {
    @Delegate
    int print(int level, String format, Pointer arguments);
  }

  int libbpf_major_version();

  int libbpf_minor_version();

  @Nullable Pointer libbpf_set_print(@Nullable PrintCallback callback);

  int libbpf_num_possible_cpus();

  @Nullable Pointer bpf_object__open_file(String path, @Nullable Pointer options);

  int bpf_object__load(Pointer object);

  void bpf_object__close(Pointer object);

  @Nullable Pointer bpf_object__find_map_by_name(Pointer object, String name);

  @Nullable Pointer bpf_object__next_program(Pointer object, @Nullable Pointer previous);

  @Nullable Pointer bpf_object__find_program_by_name(Pointer object, String name);

  int bpf_program__set_autoload(Pointer program, boolean autoload);

  boolean bpf_program__autoload(Pointer program);

  String bpf_program__name(Pointer program);

  String bpf_program__section_name(Pointer program);

  @Nullable Pointer bpf_program__attach(Pointer program);

  /**
   * {@code struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *, pid_t,
   * const char *binary_path, size_t func_offset, const struct bpf_uprobe_opts *)}; see
   * {@link UprobeOptions} for the options' layout.
   */
  @Nullable Pointer bpf_program__attach_uprobe_opts(
      Pointer program, int pid, String binaryPath, @size_t long funcOffset, Pointer options);

  int bpf_link__destroy(Pointer link);

  int bpf_map__fd(Pointer map);

  int bpf_map__set_max_entries(Pointer map, int maxEntries);

  int bpf_map__max_entries(Pointer map);

  @Nullable Pointer bpf_map__initial_value(Pointer map, NativeLongByReference size);

  int bpf_map_update_elem(int fd, @In byte[] key, @In byte[] value, long flags);

  int bpf_map_lookup_elem(int fd, @In byte[] key, @Out byte[] value);
}
