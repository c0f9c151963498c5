#!/usr/bin/env bash
# Installs what sockscope needs to build, test and run on Debian 12 or Ubuntu 22.04+, as root:
# a JDK and Maven, clang and the libbpf headers to compile the eBPF programs, the libbpf
# runtime, and the real servers and clients the end-to-end tests drive. Skips what is there.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven        # build and run
  clang llvm libbpf-dev linux-libc-dev gcc libc6-dev  # compile the eBPF programs
  libbpf1                              # loaded at run time (libbpf.so.1)
  nginx-light curl python3             # the demo and the end-to-end tests
  openssl gnutls-bin nodejs            # TLS clients and servers of the end-to-end tests
  redis-server redis-tools             # data stores and their clients, for the parsers' end-to-end tests
  postgresql postgresql-client
  mariadb-server mariadb-client
  memcached libmemcached-tools
  dnsmasq-base bind9-dnsutils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A JDK and Maven already on the PATH will do.
if command -v javac >/dev/null 2>&1; then missing=("${missing[@]/openjdk-17-jdk-headless}"); fi
if command -v mvn >/dev/null 2>&1; then missing=("${missing[@]/maven}"); fi
if command -v node >/dev/null 2>&1; then missing=("${missing[@]/nodejs}"); fi
read -r -a missing <<< "${missing[*]:-}"

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "sockscope: missing packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "sockscope: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Tracepoints are attached through tracefs.
if [ ! -d /sys/kernel/tracing/events ] && [ "$(id -u)" = 0 ]; then
  mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true
fi
