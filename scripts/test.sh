#!/usr/bin/env bash
# Runs every test: unit tests, and the kernel and end-to-end tests on this host's kernel (which
# need root; with CI=true a missing prerequisite fails them instead of skipping them), then the
# kernel suite again under a second kernel, Debian's 6.1, in QEMU, once per syscall backend
# (tracepoints, kprobes). Installs what is needed. SOCKSCOPE_SKIP_QEMU=1 skips the second
# kernel (about 30 minutes under software emulation).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
mvn -B verify "$@"

if [ "${SOCKSCOPE_SKIP_QEMU:-0}" = 1 ]; then
  echo "sockscope: SOCKSCOPE_SKIP_QEMU=1: the second kernel was not run" >&2
elif [ "$(id -u)" != 0 ]; then
  echo "sockscope: not root: the second kernel (QEMU) was not run" >&2
  [ "${CI:-}" != true ] || exit 1
else
  bash scripts/qemu-kernel-tests.sh --timeout 30
fi
