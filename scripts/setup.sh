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
# What the package managers and the compiler print goes to this log; the
# terminal gets a line per step (and the log's end when a step fails).
LOG=${NPLC_SETUP_LOG:-/tmp/nplc-setup.log}
: >"$LOG"
step() {
  local what=$1; shift
  if ! "$@" >>"$LOG" 2>&1; then
    echo "setup: $what failed; the end of $LOG:" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
}
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} Debian packages (log: $LOG)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  step "apt-get update" $SUDO apt-get update -qq
  step "apt-get install" env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages of the tests, pinned in tests/ci/package-lock.json.
if [ ! -d tests/ci/node_modules ] || [ tests/ci/package-lock.json -nt tests/ci/node_modules ]; then
  echo "setup: npm ci in tests/ci"
  step "npm ci in tests/ci" npm ci --prefix tests/ci --no-audit --no-fund --loglevel=error
fi
# npm tools of the docs checks (markdownlint-cli2, mermaid-cli), from the
# committed lock file; mermaid-cli drives Debian's chromium, so puppeteer
# downloads no browser. Node 20 and npm come with the machine.
if [ ! -f tests/docs/node_modules/.package-lock.json ] ||
   [ tests/docs/package-lock.json -nt tests/docs/node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || { echo "setup: npm (node 20) is needed for the docs checks" >&2; exit 1; }
  echo "setup: npm ci in tests/docs"
  step "npm ci in tests/docs" env -C tests/docs PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

BUILD_DIR=${BUILD_DIR:-build}
echo "setup: building nplc in $BUILD_DIR/"
step "cmake" cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
step "the build" cmake --build "$BUILD_DIR" -j2

if [ "${1:-}" != "--no-run" ]; then
  # Each folder of examples/ is one program (several declare `production`).
  for ex in examples/*/; do
    name=$(basename "$ex")
    step "nplc build $ex" "$BUILD_DIR/nplc" build "$ex" -o "out/$name" --target kubernetes,cilium,docs
    echo "setup: $ex -> out/$name/ (kubectl apply -k out/$name/kubernetes; docs in out/$name/docs/index.md)"
  done
  # nplc on PATH (as root: /usr/local; otherwise say where it is).
  if [ "$(id -u)" -eq 0 ]; then
    step "cmake --install" cmake --install "$BUILD_DIR" --prefix /usr/local
    echo "setup: installed $(/usr/local/bin/nplc --version) as /usr/local/bin/nplc"
  else
    echo "setup: nplc is $(pwd)/$BUILD_DIR/nplc (run as root to install it into /usr/local)"
  fi
  echo "setup: next, in a repository of .npl files: nplc build . -o out"
fi
