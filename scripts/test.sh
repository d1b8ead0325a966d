#!/usr/bin/env bash
# Runs the whole test suite: the second command of the README (and .ci/run).
# Installs and builds first if needed, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-run
# npm packages of the VS Code extension and its tests, exactly as its
# package-lock.json pins them (skipped when the lock file has not changed).
vscode=editors/vscode
stamp=$vscode/node_modules/.nplc-lock-sha256
if [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum "$vscode/package-lock.json" | cut -d' ' -f1)" ]; then
  (cd "$vscode" && npm ci --no-audit --no-fund)
  sha256sum "$vscode/package-lock.json" | cut -d' ' -f1 >"$stamp"
fi
BUILD_DIR=${BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@"
