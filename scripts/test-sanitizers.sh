#!/usr/bin/env bash
# The whole test suite again in one instrumented build (build-fuzz/, clang 14):
# AddressSanitizer + UndefinedBehaviorSanitizer on every target, and
# libFuzzer's coverage instrumentation so that the fuzz tests (the replay of
# the seed corpus and past findings, and a short bounded fuzz session) run from
# the same build: one compile of the compiler instead of two (a separate gcc
# ASan build was one of three builds that took half of CI's time). Any sanitizer report fails the test
# that hit it. Run by .ci/run after scripts/test.sh; docs/development.md says
# how long each part takes.
#   scripts/test-sanitizers.sh            # everything
#   scripts/test-sanitizers.sh -R golden  # ctest options apply
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-run --tests >/dev/null

SAN_DIR=${SANITIZER_BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-2}

# Leaks are errors too; stop at the first report of any kind.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The hardening tests bound every nplc run in time; instrumented code is slower.
export NPLC_TEST_TIMEOUT_SCALE=${NPLC_TEST_TIMEOUT_SCALE:-6}

echo "sanitizers: building $SAN_DIR (clang 14: ASan + UBSan + libFuzzer coverage)"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$SAN_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPLC_FUZZ=ON >/dev/null
cmake --build "$SAN_DIR" -j"$JOBS" >/dev/null
# Left out under the sanitizers: tests whose nplc runs repeat what the golden
# cases already run (determinism builds the same programs several times; the
# docs check builds the examples' docs; json-and-sarif runs every golden case
# again in two more formats, whose renderers the unit and secret-leak tests
# run here; explain/examples checks every diagnostic example's code, and
# diag/fixes-compile compiles the same examples here), and those that test
# something other than nplc's C++ (the .deb package, the VS Code package,
# Markdown rendering).
NOT_SANITIZED='^(hardening/determinism|docs/lint-and-render|ci/json-and-sarif|explain/examples|install/deb|vscode/package)$'
ctest --test-dir "$SAN_DIR" --output-on-failure -j"$JOBS" -E "$NOT_SANITIZED" "$@"
