#!/usr/bin/env bash
# Runs every test: unit tests, and the kernel and end-to-end tests (which need root; with
# CI=true a missing prerequisite fails them instead of skipping them). Installs what is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
mvn -B verify "$@"
