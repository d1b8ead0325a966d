#!/usr/bin/env bash
# Runs one test of the VS Code extension from its folder (editors/vscode),
# with the npm packages its package-lock.json pins. scripts/test.sh installs
# them (npm ci); a test never downloads anything.
#   npm_test.sh EXTENSION_DIR COMMAND [ARGS...]
set -euo pipefail
dir=$1
shift
if [ ! -f "$dir/node_modules/.package-lock.json" ]; then
  echo "the npm packages of $dir are not installed: run scripts/test.sh, or (cd $dir && npm ci)" >&2
  exit 1
fi
cd "$dir"
exec "$@"
