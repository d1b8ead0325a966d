#!/usr/bin/env bash
# The whole test suite again in an AddressSanitizer + UndefinedBehaviorSanitizer
# build (build-asan/), then the fuzz tests in the libFuzzer build (build-fuzz/):
# the replay of the seed corpus and past findings, and a short bounded fuzz
# session. Any sanitizer report fails the test that hit it. Run by .ci/run
# after scripts/test.sh; docs/development.md says how long each part takes.
#   scripts/test-sanitizers.sh            # both
#   scripts/test-sanitizers.sh -R golden  # ctest options apply to the ASan suite
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-run --tests >/dev/null

ASAN_DIR=${ASAN_BUILD_DIR:-build-asan}
FUZZ_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-2}

# Leaks are errors too; stop at the first report of any kind.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The hardening tests bound every nplc run in time; instrumented code is slower.
export NPLC_TEST_TIMEOUT_SCALE=${NPLC_TEST_TIMEOUT_SCALE:-6}

echo "sanitizers: building $ASAN_DIR (ASan + UBSan)"
cmake -S . -B "$ASAN_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPLC_SANITIZE=ON >/dev/null
cmake --build "$ASAN_DIR" -j"$JOBS" >/dev/null
# Left out under the sanitizers: tests whose nplc runs repeat what the golden
# cases already run (determinism builds the same programs several times; the
# docs check builds the examples' docs), and those that test something other
# than nplc's C++ (the .deb package, the VS Code package, Markdown rendering).
NOT_SANITIZED='^(hardening/determinism|docs/lint-and-render|install/deb|vscode/package)$'
ctest --test-dir "$ASAN_DIR" --output-on-failure -j"$JOBS" -E "$NOT_SANITIZED" "$@"

echo "sanitizers: building $FUZZ_DIR (libFuzzer, clang 14, ASan + UBSan)"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$FUZZ_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPLC_FUZZ=ON >/dev/null
cmake --build "$FUZZ_DIR" -j"$JOBS" --target fuzz_compile fuzz_replay >/dev/null
ctest --test-dir "$FUZZ_DIR" --output-on-failure -R '^fuzz/'
