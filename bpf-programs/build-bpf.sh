#!/usr/bin/env bash
# Compiles every src/main/c/*.bpf.c into OUT/<name>.bpf.o, and copies the record header
# beside them so the Java decoder can be checked against it. Run by Maven (generate-resources).
set -euo pipefail
shopt -s nullglob
src=$1
out=$2

missing=()
command -v clang >/dev/null 2>&1 || missing+=("clang (apt-get install clang)")
[ -f /usr/include/bpf/bpf_helpers.h ] || missing+=("the libbpf headers (apt-get install libbpf-dev)")
[ -d /usr/include/asm ] || [ -d /usr/include/x86_64-linux-gnu/asm ] || missing+=("the kernel UAPI headers (apt-get install linux-libc-dev)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "sockscope: cannot compile the eBPF programs; missing:" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  exit 1
fi

case "$(uname -m)" in
  x86_64) arch=x86 ;;
  aarch64) arch=arm64 ;;
  *) echo "sockscope: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

mkdir -p "$out"
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
compile() { # source, object, extra clang flags...
  local source=$1 object=$2
  shift 2
  clang -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_$arch \
    -I "$src" -I "/usr/include/$multiarch" "$@" \
    -c "$source" -o "$object"
  # Drop DWARF but keep BTF: smaller resource, same CO-RE information.
  if command -v llvm-strip >/dev/null 2>&1; then llvm-strip -g "$object"; fi
}

for f in "$src"/*.bpf.c; do
  name=$(basename "$f" .bpf.c)
  compile "$f" "$out/$name.bpf.o"
  # A source written for both syscall backends is built a second time for kprobes.
  if grep -q SOCKSCOPE_KPROBES "$f"; then
    compile "$f" "$out/$name-kprobes.bpf.o" -DSOCKSCOPE_KPROBES
  fi
done
cp "$src"/sockscope.h "$out/"
