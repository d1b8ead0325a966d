#!/usr/bin/env bash
# Sets up a Debian 12 machine (as root) for nplc: the first command of the README.
#   scripts/setup.sh            install what nplc needs, build it, install it into /usr/local,
#                               package the VS Code extension (build/npl.vsix), and
#                               `nplc build` each example into out/NAME (policies and docs)
#   scripts/setup.sh --no-run   install and build only
#   scripts/setup.sh --tests    also the test toolchain and every test program (scripts/test.sh
#                               runs `--no-run --tests`)
set -euo pipefail
cd "$(dirname "$0")/.."
run=1 tests=0
for arg in "$@"; do
  case $arg in
    --no-run) run=0 ;;
    --tests) tests=1 ;;
    *) echo "setup: unknown option $arg (--no-run, --tests)" >&2; exit 2 ;;
  esac
done

# Debian packages nplc's build needs (docs/development.md says why each);
# doctest and python3 only so that CMake configures the same tree either way.
PACKAGES=(
  build-essential cmake git
  antlr4 libantlr4-runtime-dev uuid-dev
  libyaml-cpp-dev libfmt-dev libcli11-dev doctest-dev nlohmann-json3-dev
  python3 help2man
  libmimalloc-dev
)
# The test toolchain: schema and YAML checks, the .deb test, the docs checks
# (chromium, graphviz) and the libFuzzer build (scripts/fuzz.sh,
# scripts/test-sanitizers.sh). A user who only wants nplc goes without.
TEST_PACKAGES=(
  python3-yaml python3-jsonschema yamllint dpkg-dev unzip
  chromium graphviz
  clang-14 libclang-rt-14-dev
)
[ $tests -eq 0 ] || PACKAGES+=("${TEST_PACKAGES[@]}")

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

# npm packages, each exactly as its committed lock file pins them (skipped
# when the lock file has not changed since the last install). Node 20 and npm
# come with the machine.
npm_ci() {
  local dir=$1 stamp=$1/node_modules/.nplc-lock-sha256 sum
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ] || return 0
  command -v npm >/dev/null || { echo "setup: npm (node 20) is needed in $dir" >&2; exit 1; }
  echo "setup: npm ci in $dir"
  # mermaid-cli (tests/docs) drives Debian's chromium: puppeteer downloads no browser.
  step "npm ci in $dir" env -C "$dir" PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$sum" >"$stamp"
}
npm_ci editors/vscode           # the extension's client bundle and vsce
if [ $tests -eq 1 ]; then
  npm_ci tests/ci               # the SARIF and GitHub annotation schemas' checkers
  npm_ci tests/docs             # markdownlint-cli2, mermaid-cli
fi

BUILD_DIR=${BUILD_DIR:-build}
echo "setup: building nplc in $BUILD_DIR/"
step "cmake" cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ $tests -eq 1 ]; then
  step "the build" cmake --build "$BUILD_DIR" -j2
else
  step "the build" cmake --build "$BUILD_DIR" -j2 --target nplc man
fi
# The VS Code extension, at the path docs/editors.md gives (the "package"
# script of editors/vscode/package.json writes it).
step "the VS Code extension" npm --prefix editors/vscode run package
VSIX=build/npl.vsix

if [ $run -eq 1 ]; then
  # Each folder of examples/ is one program (several declare `production`).
  for ex in examples/*/; do
    name=$(basename "$ex")
    step "nplc build $ex" "$BUILD_DIR/nplc" build "$ex" -o "out/$name" --target "$(scripts/example-targets.sh "$name")"
    echo "setup: $ex -> out/$name/ (kubectl apply -k out/$name/kubernetes; docs in out/$name/docs/index.md)"
  done
  # nplc on PATH (as root: /usr/local; otherwise say where it is).
  if [ "$(id -u)" -eq 0 ]; then
    step "cmake --install" cmake --install "$BUILD_DIR" --prefix /usr/local
    echo "setup: installed $(/usr/local/bin/nplc --version) as /usr/local/bin/nplc"
  else
    echo "setup: nplc is $(pwd)/$BUILD_DIR/nplc (run as root to install it into /usr/local)"
  fi
  echo "setup: the VS Code extension: code --install-extension $(pwd)/$VSIX"
  echo "setup: next, in a repository of .npl files: nplc build   (writes ./out; nplc init writes nplc.yaml)"
fi
