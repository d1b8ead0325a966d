#!/usr/bin/env bash
# Sets up a Debian 12 machine (as root) for nplc, builds it, and compiles the
# examples: the first command of the README.
#   scripts/setup.sh            install, build, then `nplc build` each example into out/NAME (policies and docs)
#   scripts/setup.sh --no-run   install and build only (used by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and the tests need (docs/development.md says why each).
PACKAGES=(
  build-essential cmake git
  antlr4 libantlr4-runtime-dev uuid-dev
  libyaml-cpp-dev libfmt-dev libcli11-dev doctest-dev nlohmann-json3-dev
  python3 python3-yaml python3-jsonschema yamllint
  help2man dpkg-dev
  chromium graphviz
  clang-14 libclang-rt-14-dev   # the libFuzzer build (scripts/fuzz.sh, scripts/test-sanitizers.sh)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages of the tests, pinned in tests/ci/package-lock.json.
if [ ! -d tests/ci/node_modules ] || [ tests/ci/package-lock.json -nt tests/ci/node_modules ]; then
  npm ci --prefix tests/ci --no-audit --no-fund --loglevel=error
fi
# npm tools of the docs checks (markdownlint-cli2, mermaid-cli), from the
# committed lock file; mermaid-cli drives Debian's chromium, so puppeteer
# downloads no browser. Node 20 and npm come with the machine.
if [ ! -f tests/docs/node_modules/.package-lock.json ] ||
   [ tests/docs/package-lock.json -nt tests/docs/node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || { echo "setup: npm (node 20) is needed for the docs checks" >&2; exit 1; }
  echo "setup: npm ci in tests/docs"
  (cd tests/docs && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j2

if [ "${1:-}" != "--no-run" ]; then
  # Each folder of examples/ is one program (several declare `production`).
  for ex in examples/*/; do
    name=$(basename "$ex")
    "$BUILD_DIR/nplc" build "$ex" -o "out/$name" --target kubernetes,cilium,docs
    echo "setup: $ex -> $(pwd)/out/$name/{kubernetes,cilium} (apply one with: kubectl apply -k out/$name/kubernetes), docs in out/$name/docs/index.md"
  done
fi
