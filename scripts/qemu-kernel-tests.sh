#!/usr/bin/env bash
# Runs commands, by default the kernel test suite, under a second kernel: Debian's
# linux-image-amd64 (6.1: kprobes, fentry, BTF), booted under QEMU's software emulation (TCG;
# KVM hangs here) with the host's root shared read-only over 9p and a tmpfs overlay on top,
# so the guest sees this very checkout and its build outputs and may write anywhere.
#
#   scripts/qemu-kernel-tests.sh [OPTIONS] [--env NAME=VALUE]... -- COMMAND [ARG]...
#       runs COMMAND in the repository directory inside the guest, as root, with the given
#       environment; exits with COMMAND's exit status.
#   scripts/qemu-kernel-tests.sh [OPTIONS] [--env NAME=VALUE]...
#       runs the end-to-end/kernel suite (package io.sockscope.e2e) with the JUnit console
#       launcher, once per backend (SOCKSCOPE_ATTACH_MODE=TRACEPOINTS, then KPROBES; CI=true),
#       on the classes already built on the host (e2e/target/test-classes; add --build to run
#       `mvn install -DskipTests` and `mvn -pl e2e test-compile` first); prints one summary
#       line per backend and exits non-zero if any run failed.
#   OPTIONS: --build, --modes "TRACEPOINTS KPROBES", --classes "TlsTracingTest ..." (only these
#            classes of the suite; without it, all but the data stores' tests, tag data-stores), --timeout MINUTES (per boot, default 40),
#            --log-dir DIR (default /var/cache/sockscope-qemu/logs), --help
#   Environment: SOCKSCOPE_QEMU_CACHE (default /var/cache/sockscope-qemu), SOCKSCOPE_QEMU_MEM
#   (6G), SOCKSCOPE_QEMU_SMP (2), SOCKSCOPE_QEMU_CPU (qemu64), SOCKSCOPE_QEMU_9P_CACHE (loose).
# Needs root on Debian 12; installs qemu-system-x86, busybox-static, cpio, kmod, xz-utils,
# zstd with apt-get if missing. The kernel package is downloaded and unpacked into the cache,
# never installed. The guest has loopback only (no network), fresh tmpfs on /tmp (the checkout
# stays visible if it lives there) and /run.
# Examples:  scripts/qemu-kernel-tests.sh -- uname -r
#            scripts/qemu-kernel-tests.sh --env CI=true -- java -version
set -Eeuo pipefail

SCRIPT_PATH="$(readlink -f "${BASH_SOURCE[0]}")"
REPO="$(cd "$(dirname "$SCRIPT_PATH")/.." && pwd -P)"
CACHE="${SOCKSCOPE_QEMU_CACHE:-/var/cache/sockscope-qemu}"
MEM="${SOCKSCOPE_QEMU_MEM:-6G}"
SMP="${SOCKSCOPE_QEMU_SMP:-2}"
# 9p caching in the guest: "loose" caches host files in the guest's page cache (faster; a file
# the host changes during the run may be seen stale), "none" always asks the host.
NINEP_CACHE="${SOCKSCOPE_QEMU_9P_CACHE:-loose}"
# QEMU's baseline x86-64 model.
CPU="${SOCKSCOPE_QEMU_CPU:-qemu64}"
# One host thread for all virtual CPUs: with multi-threaded TCG (QEMU 7.2's default here) the
# JVM crashed now and then (SIGSEGV at the entry of C1-compiled methods: code patched by one
# virtual CPU while another ran it).
ACCEL="${SOCKSCOPE_QEMU_ACCEL:-tcg,thread=single}"
TIMEOUT_MIN=40
LOG_DIR=""
BUILD=0
MODES="TRACEPOINTS KPROBES"
CLASSES=""
JUNIT_VERSION="1.11.3"                      # matches the junit-bom 5.11.3 of the parent pom
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
# The modules the initramfs loads (with their dependencies from modules.dep): the virtio PCI
# transport, the 9p file system over virtio, and overlayfs.
INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay)
GUEST_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

say() { printf 'qemu-kernel-tests: %s\n' "$*"; }
trap 'printf "qemu-kernel-tests: error: line %s: %s failed\n" "$LINENO" "$BASH_COMMAND" >&2' ERR
die() { printf 'qemu-kernel-tests: error: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,/^set -Eeuo/p' "$SCRIPT_PATH" | sed '$d; s/^# \{0,1\}//'; }

# ---------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------
USER_ENV=()
COMMAND=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env)
      [[ $# -ge 2 ]] || die "--env needs NAME=VALUE"
      [[ "$2" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env wants NAME=VALUE, got: $2"
      USER_ENV+=("$2"); shift 2 ;;
    --env=*)
      [[ "${1#--env=}" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env wants NAME=VALUE, got: ${1#--env=}"
      USER_ENV+=("${1#--env=}"); shift ;;
    --timeout) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--timeout wants minutes"
      TIMEOUT_MIN="$2"; shift 2 ;;
    --log-dir) [[ $# -ge 2 ]] || die "--log-dir wants a directory"; LOG_DIR="$2"; shift 2 ;;
    --modes) [[ $# -ge 2 ]] || die "--modes wants a list"; MODES="$2"; shift 2 ;;
    --classes) [[ $# -ge 2 ]] || die "--classes wants test class names"; CLASSES="$2"; shift 2 ;;
    --build) BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; COMMAND=("$@"); break ;;
    *) die "unknown argument '$1' (the command goes after --; see --help)" ;;
  esac
done
LOG_DIR="${LOG_DIR:-$CACHE/logs}"
[[ $EUID -eq 0 ]] || die "run as root (apt-get, and QEMU must read the whole root file system)"

# ---------------------------------------------------------------------------------------------
# 1. Host packages
# ---------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    apt-get update -q >/dev/null
    APT_UPDATED=1
  fi
}

ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing ${missing[*]}"
    apt_update_once
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# ---------------------------------------------------------------------------------------------
# 2. The guest kernel: Debian's current bookworm kernel package, unpacked (not installed) into
#    $CACHE/kernels/<package>_<version>/root, with modules.dep generated by depmod.
# ---------------------------------------------------------------------------------------------
KERNEL_DIR="" KVER="" VMLINUZ=""

# The package the linux-image-amd64 metapackage depends on, e.g. linux-image-6.1.0-56-amd64.
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null \
    | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

ensure_kernel() {
  local pkg ver=""
  pkg="$(kernel_package || true)"
  if [[ -z "$pkg" ]]; then apt_update_once; pkg="$(kernel_package || true)"; fi
  if [[ -n "$pkg" ]]; then
    ver="$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | awk '/^Version:/ { print $2; exit }' || true)"
  fi
  if [[ -n "$pkg" && -n "${ver:-}" ]]; then
    KERNEL_DIR="$CACHE/kernels/${pkg}_${ver}"
  else
    # No package lists (offline?): fall back to the newest kernel unpacked by an earlier run.
    KERNEL_DIR="$(ls -d "$CACHE"/kernels/*/ 2>/dev/null | sort -V | tail -n1 || true)"
    KERNEL_DIR="${KERNEL_DIR%/}"
    [[ -n "$KERNEL_DIR" && -f "$KERNEL_DIR/.complete" ]] \
      || die "cannot resolve linux-image-amd64's kernel package (apt-get update?)"
  fi

  if [[ ! -f "$KERNEL_DIR/.complete" ]]; then
    say "downloading $pkg $ver (unpacked into $KERNEL_DIR, not installed)"
    local tmp
    mkdir -p "$CACHE/kernels"
    tmp="$(mktemp -d "$CACHE/kernels/.download.XXXXXX")"
    chmod 755 "$tmp"
    # apt-get download drops privileges to _apt: let it write there.
    if id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
    (cd "$tmp" && apt-get download -q "$pkg=$ver" >/dev/null)
    mkdir "$tmp/root"
    dpkg-deb -x "$tmp"/*.deb "$tmp/root"
    rm -f "$tmp"/*.deb
    local kver
    kver="$(basename "$(ls -d "$tmp"/root/lib/modules/*/ | head -n1)")"
    depmod -b "$tmp/root" "$kver"
    touch "$tmp/.complete"
    rm -rf "$KERNEL_DIR"
    mv "$tmp" "$KERNEL_DIR"
  fi
  KVER="$(basename "$(ls -d "$KERNEL_DIR"/root/lib/modules/*/ | head -n1)")"
  VMLINUZ="$KERNEL_DIR/root/boot/vmlinuz-$KVER"
  [[ -f "$VMLINUZ" ]] || die "no $VMLINUZ"
}

# ---------------------------------------------------------------------------------------------
# 3. The initramfs: static busybox, the modules above (uncompressed, in load order), and two
#    scripts. /init (PID 1 in the initramfs) loads the modules, mounts the host root over 9p
#    read-only with a tmpfs overlay on top, and switch_roots into it, running stage2.sh as
#    PID 1 there. stage2.sh mounts the API file systems, brings lo up, runs the command the
#    host wrote into a run directory (named on the kernel command line), prints
#    SOCKSCOPE-QEMU-EXIT=<status> and powers off.
#    Rebuilt only when this script, busybox or the kernel changes.
# ---------------------------------------------------------------------------------------------
INITRD=""

write_init() {
  cat <<'EOF'
#!/bin/busybox sh
# PID 1 in the initramfs, written by scripts/qemu-kernel-tests.sh.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
. /etc/sockscope-qemu.conf
echo "qemu-kernel-tests: guest kernel $(uname -r)"

fail() {
  echo "qemu-kernel-tests: init: $*"
  echo
  echo "SOCKSCOPE-QEMU-EXIT=255"
  sleep 1
  poweroff -f
}

# Modules, in dependency order (the order file was made with modprobe --show-depends).
for m in $(cat /modules/order); do
  insmod "/modules/$m" || echo "qemu-kernel-tests: init: insmod $m failed"
done

# The host root, read-only over 9p; the virtio device may take a moment to appear.
mkdir -p /mnt/lower /mnt/rw /newroot
tries=0
until mount -t 9p -o "ro,trans=virtio,version=9p2000.L,msize=512000,cache=$NINEP_CACHE" \
    hostroot /mnt/lower 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -lt 100 ] || fail "cannot mount the host root over 9p"
  sleep 0.1
done
# A tmpfs overlay on top: the guest may write anywhere, nothing reaches the host.
mount -t tmpfs -o mode=0755 tmpfs /mnt/rw || fail "tmpfs"
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work \
    overlay /newroot || fail "cannot mount the overlay"

# A fresh /run, holding busybox and stage 2 for after the switch.
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /newroot/run || fail "tmpfs on /run"
mkdir -p /newroot/run/sockscope-qemu
cp /bin/busybox /stage2.sh /etc/sockscope-qemu.conf /newroot/run/sockscope-qemu/
mount --move /dev /newroot/dev
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
exec switch_root /newroot /run/sockscope-qemu/busybox sh /run/sockscope-qemu/stage2.sh
EOF
}

write_stage2() {
  cat <<'EOF'
# PID 1 in the guest's root (the host root plus a tmpfs overlay), written by
# scripts/qemu-kernel-tests.sh. Uses the busybox copied into /run/sockscope-qemu, since the
# host may not have one.
BB=/run/sockscope-qemu/busybox
. /run/sockscope-qemu/sockscope-qemu.conf
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

fs() { # fs TYPE DIR OPTIONS
  $BB mkdir -p "$2"
  $BB mount -t "$1" -o "$3" "$1" "$2" || echo "qemu-kernel-tests: stage2: cannot mount $1 on $2"
}
RUN_DIR=
for arg in $($BB cat /proc/cmdline); do
  case "$arg" in sockscope_run=*) RUN_DIR="${arg#sockscope_run=}" ;; esac
done

fs devpts /dev/pts gid=5,mode=620,ptmxmode=666
fs tmpfs /dev/shm mode=1777,nosuid,nodev
# A fresh /tmp, except for the host directories the run needs there (a checkout cloned under
# /tmp, say): those are set aside before the tmpfs hides them and moved back on top of it.
KEEP=/run/sockscope-qemu/keep
kept=0
if [ -n "$RUN_DIR" ] && [ -f "$RUN_DIR/keep" ]; then
  while IFS= read -r p; do
    case "$p" in /tmp/*) ;; *) continue ;; esac
    $BB mkdir -p "$KEEP/$kept" && $BB mount --bind "$p" "$KEEP/$kept" && echo "$p" >"$KEEP/$kept.path"
    kept=$((kept + 1))
  done <"$RUN_DIR/keep"
fi
fs tmpfs /tmp mode=1777,nosuid,nodev
i=0
while [ "$i" -lt "$kept" ]; do
  if [ -f "$KEEP/$i.path" ]; then
    p="$($BB cat "$KEEP/$i.path")"
    $BB mkdir -p "$p" && $BB mount --move "$KEEP/$i" "$p" || echo "qemu-kernel-tests: stage2: cannot keep $p"
  fi
  i=$((i + 1))
done
fs tracefs /sys/kernel/tracing nosuid,nodev,noexec
fs debugfs /sys/kernel/debug nosuid,nodev,noexec
fs bpf /sys/fs/bpf mode=0700
fs cgroup2 /sys/fs/cgroup nosuid,nodev,noexec
[ -e /dev/fd ] || $BB ln -s /proc/self/fd /dev/fd

# The guest kernel's modules, unpacked on the host, for modprobe and the kernel's own requests.
$BB mkdir -p "/lib/modules/$KVER"
$BB mount --bind "$KMOD_DIR" "/lib/modules/$KVER" || echo "qemu-kernel-tests: stage2: no /lib/modules/$KVER"

$BB ip link set lo up
$BB hostname sockscope-qemu

echo "SOCKSCOPE-QEMU-START uptime=$($BB cut -d' ' -f1 /proc/uptime)"
if [ -n "$RUN_DIR" ] && [ -f "$RUN_DIR/run.sh" ]; then
  /bin/bash "$RUN_DIR/run.sh" </dev/null
  rc=$?
else
  echo "qemu-kernel-tests: stage2: no run script (sockscope_run=$RUN_DIR)"
  rc=255
fi
echo "SOCKSCOPE-QEMU-END uptime=$($BB cut -d' ' -f1 /proc/uptime)"
# Nothing left may write over the marker line.
$BB kill -KILL -1 2>/dev/null
$BB sleep 0.2
echo
echo "SOCKSCOPE-QEMU-EXIT=$rc"
$BB sync
$BB sleep 1   # let the serial port drain
$BB poweroff -f
echo o > /proc/sysrq-trigger
EOF
}

ensure_initramfs() {
  local stamp
  stamp="$( { sha256sum "$SCRIPT_PATH" /bin/busybox; echo "$KVER $NINEP_CACHE"; } | sha256sum | cut -c1-16)"
  INITRD="$KERNEL_DIR/initramfs-$stamp.cpio.gz"
  [[ -f "$INITRD" ]] && return
  say "building the initramfs for $KVER"
  local st
  st="$(mktemp -d "$KERNEL_DIR/.initramfs.XXXXXX")"
  mkdir -p "$st"/{bin,dev,etc,proc,sys,modules,mnt,newroot}
  cp /bin/busybox "$st/bin/busybox"
  mknod -m 600 "$st/dev/console" c 5 1
  mknod -m 666 "$st/dev/null" c 1 3

  # Modules with their dependencies, first needed first, each once; built-ins need nothing.
  local line path name seen=" "
  : >"$st/modules/order"
  while read -r line; do
    path="${line#insmod }"; path="${path%% *}"
    name="$(basename "$path")"
    case "$seen" in *" $name "*) continue ;; esac
    seen+="$name "
    case "$name" in   # busybox insmod wants plain .ko files
      *.ko.xz)  xz -dc "$path" >"$st/modules/${name%.xz}"; name="${name%.xz}" ;;
      *.ko.zst) zstd -qdc "$path" >"$st/modules/${name%.zst}"; name="${name%.zst}" ;;
      *.ko.gz)  gzip -dc "$path" >"$st/modules/${name%.gz}"; name="${name%.gz}" ;;
      *)        cp "$path" "$st/modules/$name" ;;
    esac
    echo "$name" >>"$st/modules/order"
  done < <(for m in "${INITRAMFS_MODULES[@]}"; do
             modprobe -d "$KERNEL_DIR/root" -S "$KVER" --show-depends "$m"
           done | grep '^insmod ')

  { echo "KVER='$KVER'"
    echo "KMOD_DIR='$KERNEL_DIR/root/lib/modules/$KVER'"
    echo "NINEP_CACHE='$NINEP_CACHE'"
  } >"$st/etc/sockscope-qemu.conf"
  write_init >"$st/init"
  write_stage2 >"$st/stage2.sh"
  chmod 755 "$st/init"
  (cd "$st" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) >"$st.cpio.gz"
  rm -rf "$st"
  rm -f "$KERNEL_DIR"/initramfs-*.cpio.gz   # older builds of this script
  mv "$st.cpio.gz" "$INITRD"
}

# ---------------------------------------------------------------------------------------------
# 4. One boot: writes the guest's run script (environment, working directory, command) into a
#    fresh directory the guest sees through the 9p root, boots, streams the console to stdout
#    and to a log file, and sets RUN_RC to the command's exit status from the marker line
#    (124 on timeout, 125 without a marker), RUN_LOG, RUN_BOOT_S, RUN_CMD_S, RUN_WALL_S.
# ---------------------------------------------------------------------------------------------
RUN_DIRS=()
cleanup() { local d; for d in "${RUN_DIRS[@]}"; do rm -rf "$d"; done; }
trap cleanup EXIT

RUN_RC=0 RUN_LOG="" RUN_BOOT_S="?" RUN_CMD_S="?" RUN_WALL_S="?"

run_guest() { # run_guest LABEL WORKDIR ENV_ARRAY_NAME -- COMMAND...
  local label="$1" workdir="$2" envname="$3"; shift 4
  local -n envs="$envname"
  local rundir e
  rundir="$(mktemp -d /var/tmp/sockscope-qemu.XXXXXX)"
  RUN_DIRS+=("$rundir")
  chmod 755 "$rundir"
  {
    echo '#!/bin/bash'
    echo "# written by scripts/qemu-kernel-tests.sh for the guest"
    printf 'export PATH=%q HOME=/root LANG=C.UTF-8 TERM=dumb USER=root LOGNAME=root\n' "$GUEST_PATH"
    for e in ${envs[@]+"${envs[@]}"}; do
      printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
    done
    printf 'cd %q || exit 127\n' "$workdir"
    printf 'echo %q\n' "qemu-kernel-tests: [$label] in $workdir: $*"
    printf 'exec'; printf ' %q' "$@"; echo
  } >"$rundir/run.sh"
  # The guest gets a fresh /tmp: keep the checkout visible if it lives there.
  echo "$REPO" >"$rundir/keep"

  mkdir -p "$LOG_DIR"
  RUN_LOG="$LOG_DIR/$(date +%Y%m%d-%H%M%S)-$label.log"
  local args=(
    -accel "$ACCEL" -cpu "$CPU" -m "$MEM" -smp "$SMP"
    -nographic -no-reboot -nic none
    -kernel "$VMLINUZ" -initrd "$INITRD"
    -append "console=ttyS0 quiet panic=-1 sockscope_run=$rundir"
    -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
  )
  say "[$label] booting $KVER under QEMU ($ACCEL, $SMP CPUs $CPU, $MEM), timeout ${TIMEOUT_MIN} min, log $RUN_LOG"
  local t0 t1 status
  t0="$(date +%s.%N)"
  set +e
  # --foreground: Ctrl-C reaches QEMU; stdin is not the terminal, so QEMU leaves it alone.
  # sed: CR LF to LF, a lone CR to LF, and no escape sequences (SeaBIOS clears the screen).
  timeout --foreground -k 20 "${TIMEOUT_MIN}m" qemu-system-x86_64 "${args[@]}" </dev/null 2>&1 \
    | sed -u -e 's/\r$//; s/\r/\n/g' -e 's/\x1bc//g; s/\x1b\[[0-9;?]*[A-Za-z]//g' | tee "$RUN_LOG"
  status="${PIPESTATUS[0]}"
  set -e
  t1="$(date +%s.%N)"
  RUN_WALL_S="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"

  local marker start end
  marker="$(grep -a -o '^SOCKSCOPE-QEMU-EXIT=[0-9]*$' "$RUN_LOG" | tail -n1 || true)"
  start="$(grep -a -o '^SOCKSCOPE-QEMU-START uptime=[0-9.]*' "$RUN_LOG" | tail -n1 | cut -d= -f2 || true)"
  end="$(grep -a -o '^SOCKSCOPE-QEMU-END uptime=[0-9.]*' "$RUN_LOG" | tail -n1 | cut -d= -f2 || true)"
  RUN_BOOT_S="${start:-?}"
  RUN_CMD_S="$( [[ -n "$start" && -n "$end" ]] && awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }' || echo '?')"
  if [[ -n "$marker" ]]; then
    RUN_RC="${marker#SOCKSCOPE-QEMU-EXIT=}"
  elif [[ "$status" -eq 124 || "$status" -eq 137 ]]; then
    say "[$label] timed out after $TIMEOUT_MIN min"
    RUN_RC=124
  else
    say "[$label] no exit marker on the console (QEMU exited with $status)"
    RUN_RC=125
  fi
  say "[$label] guest kernel $KVER: boot ${RUN_BOOT_S} s, command ${RUN_CMD_S} s, wall ${RUN_WALL_S} s, exit status $RUN_RC"
  rm -rf "$rundir"
}

# ---------------------------------------------------------------------------------------------
# 5. The default: the e2e suite once per backend, with the JUnit console launcher.
# ---------------------------------------------------------------------------------------------
JUNIT_JAR=""
TEST_CP=""

ensure_junit_console() {
  JUNIT_JAR="$CACHE/junit-platform-console-standalone-$JUNIT_VERSION.jar"
  [[ -f "$JUNIT_JAR" ]] && return
  local m2="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$JUNIT_VERSION"
  if [[ ! -f "$m2/junit-platform-console-standalone-$JUNIT_VERSION.jar" ]]; then
    say "downloading junit-platform-console-standalone $JUNIT_VERSION from Maven Central"
    (cd "$CACHE" && mvn -q -B -Dstyle.color=never "$DEPENDENCY_PLUGIN:get" \
        -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_VERSION" -Dtransitive=false)
  fi
  cp "$m2/junit-platform-console-standalone-$JUNIT_VERSION.jar" "$JUNIT_JAR.tmp"
  mv "$JUNIT_JAR.tmp" "$JUNIT_JAR"
}

# The e2e module's test class path, as Maven resolves it, with the reactor's own jars taken
# from the modules' target/ folders when built there (fresher than ~/.m2), and without JUnit
# itself (the console launcher brings the same version). The build outputs of this checkout
# (test classes, the sockscope jars, the trace command's jar) are copied into a snapshot
# directory first, so that both backends run the same build even while the checkout is
# rebuilt meanwhile. Sets TEST_CP and EXAMPLES_JAR.
EXAMPLES_JAR=""
ensure_test_classpath() {
  local cpfile="$CACHE/e2e-classpath.txt"
  local mvnargs=(-q -B -Dstyle.color=never -f "$REPO/pom.xml" -pl e2e
    "$DEPENDENCY_PLUGIN:build-classpath" -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test)
  [[ -d "$REPO/e2e/target/test-classes" ]] \
    || die "no e2e/target/test-classes: build first (mvn -B install -DskipTests && mvn -B -pl e2e test-compile), or pass --build"
  [[ -f "$REPO/examples/target/sockscope.jar" ]] || die "no examples/target/sockscope.jar: build first, or pass --build"
  rm -f "$cpfile"
  mvn -o "${mvnargs[@]}" >/dev/null 2>&1 || mvn "${mvnargs[@]}"

  local snap entry jar entries cp
  snap="$(mktemp -d /var/tmp/sockscope-qemu-build.XXXXXX)"
  RUN_DIRS+=("$snap")
  chmod 755 "$snap"
  cp -a "$REPO/e2e/target/test-classes" "$snap/test-classes"
  cp "$REPO/examples/target/sockscope.jar" "$snap/sockscope.jar"
  EXAMPLES_JAR="$snap/sockscope.jar"
  cp=("$snap/test-classes")
  IFS=: read -r -a entries <"$cpfile" || true   # no final newline: read says EOF
  for entry in "${entries[@]}"; do
    case "$entry" in
      */org/junit/*) continue ;;
      */io/sockscope/*)
        jar="$(ls "$REPO"/*/target/"$(basename "$entry")" 2>/dev/null | head -n1 || true)"
        cp "${jar:-$entry}" "$snap/"
        entry="$snap/$(basename "$entry")" ;;
    esac
    cp+=("$entry")
  done
  TEST_CP="$(IFS=:; echo "${cp[*]}")"
  say "build snapshot for the guest: $snap ($(du -sh "$snap" | cut -f1))"
}

# "found 15, successful 14, failed 1, skipped 0, aborted 0" from the launcher's summary.
junit_counts() {
  awk '/^\[ *[0-9]+ tests (found|successful|failed|skipped|aborted) *\]/ { n[$4] = $2 }
       END { if (!("found" in n)) { print "no JUnit summary"; exit }
             printf "found %d, successful %d, failed %d, skipped %d, aborted %d",
                    n["found"], n["successful"], n["failed"], n["skipped"], n["aborted"] }' "$1"
}

# One line per failed test, "Class:method() => first line of the exception", from the
# launcher's "Failures (N):" section.
junit_failures() {
  awk 'function flush() { if (name != "") print "  failed: " name (why != "" ? " => " why : ""); name = ""; why = "" }
       /^Failures \([0-9]+\):/ { f = 1; next }
       f && /^\[ *[0-9]+ (containers|tests) / { flush(); f = 0 }
       f && /^  JUnit Jupiter:/ { flush(); name = $0; sub(/^  JUnit Jupiter:/, "", name); next }
       f && name != "" && why == "" && /^ *=> / { why = $0; sub(/^ *=> /, "", why); why = substr(why, 1, 240) }
       END { flush() }' "$1"
}

SUITE_FAILED=0
run_suite() { # not called in a condition, so that set -e stays in force
  local tool
  for tool in mvn java; do
    command -v "$tool" >/dev/null || die "no $tool on the host: run scripts/install-deps.sh first"
  done
  if [[ $BUILD -eq 1 ]]; then
    say "building on the host"
    (cd "$REPO" && mvn -q -B -Dstyle.color=never install -DskipTests && mvn -q -B -Dstyle.color=never -pl e2e test-compile)
  fi
  ensure_junit_console
  ensure_test_classpath
  local mode line summary=() run_env selection=() class
  if [[ -z "$CLASSES" ]]; then
    # The data stores' end-to-end tests (tag "data-stores") exercise the parsers, not the
    # backend: their syscalls are the ones the rest of the suite covers. They run on the host.
    selection=(--select-package io.sockscope.e2e --exclude-tag data-stores)
  else
    for class in $CLASSES; do selection+=(--select-class "io.sockscope.e2e.$class"); done
  fi
  for mode in $MODES; do
    # --env values come last, so they may override these. (run_env is read through a nameref.)
    # shellcheck disable=SC2034
    # SOCKSCOPE_TEST_TIME_SCALE: TCG runs about ten times slower than the host; tests that
    # check a latency target against real hardware scale it by this.
    run_env=(CI=true "SOCKSCOPE_ATTACH_MODE=$mode" SOCKSCOPE_TEST_TIME_SCALE=10 ${USER_ENV[@]+"${USER_ENV[@]}"})
    run_guest "e2e-$mode" "$REPO/e2e" run_env -- \
      java "-Dsockscope.examplesJar=$EXAMPLES_JAR" \
        -jar "$JUNIT_JAR" execute --class-path "$TEST_CP" "${selection[@]}" \
        --details=tree --details-theme=ascii --disable-banner --disable-ansi-colors \
        --include-engine=junit-jupiter --fail-if-no-tests
    summary+=("$(printf '%-11s exit %3s: %s; boot %s s, tests %s s, wall %s s; log %s' \
      "$mode" "$RUN_RC" "$(junit_counts "$RUN_LOG")" "$RUN_BOOT_S" "$RUN_CMD_S" "$RUN_WALL_S" "$RUN_LOG")")
    while IFS= read -r line; do summary+=("$line"); done < <(junit_failures "$RUN_LOG")
    if [[ "$RUN_RC" -ne 0 ]]; then SUITE_FAILED=1; fi
  done
  say "summary, guest kernel $KVER (Debian linux-image-amd64 under QEMU TCG):"
  printf '  %s\n' "${summary[@]}"
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
ensure_packages qemu-system-x86 busybox-static cpio kmod xz-utils zstd gzip
mkdir -p "$CACHE"
ensure_kernel
ensure_initramfs
say "guest kernel $KVER ($(basename "$KERNEL_DIR")), initramfs $(basename "$INITRD")"

if [[ ${#COMMAND[@]} -gt 0 ]]; then
  run_guest "$(basename "${COMMAND[0]}" | tr -c 'A-Za-z0-9._\n-' '_')" "$REPO" USER_ENV -- "${COMMAND[@]}"
  exit "$RUN_RC"
fi
run_suite
exit "$SUITE_FAILED"
