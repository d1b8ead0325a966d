#!/usr/bin/env bash
# Sets up a Debian 12 machine (as root) for nplc, builds it, and compiles the
# examples: the first command of the README.
#   scripts/setup.sh            install, build, then `nplc build examples -o out`
#   scripts/setup.sh --no-run   install and build only (used by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and the tests need (docs/development.md says why each).
PACKAGES=(
  build-essential cmake git
  antlr4 libantlr4-runtime-dev uuid-dev
  libyaml-cpp-dev libfmt-dev libcli11-dev doctest-dev nlohmann-json3-dev
  python3 python3-yaml python3-jsonschema yamllint
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

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j2

if [ "${1:-}" != "--no-run" ]; then
  # Each folder of examples/ is one program (several declare `production`).
  for ex in examples/*/; do
    name=$(basename "$ex")
    "$BUILD_DIR/nplc" build "$ex" -o "out/$name"
    echo "setup: $ex -> $(pwd)/out/$name/kubernetes (apply with: kubectl apply -k out/$name/kubernetes)"
  done
fi
