#!/usr/bin/env bash
# Runs the whole test suite: the second command of the README (and .ci/run).
# Installs and builds first if needed, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-run --tests
BUILD_DIR=${BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@"
