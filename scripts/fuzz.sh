#!/usr/bin/env bash
# Builds the libFuzzer target (build-fuzz/, clang 14, ASan + UBSan) and runs a
# fuzz session over the whole pipeline. One process on one core (never -jobs).
#   scripts/fuzz.sh                      # a long session: 10 million executions (-fork=1)
#   scripts/fuzz.sh -runs=100000         # any libFuzzer option replaces the default
#   scripts/fuzz.sh -max_total_time=3600 # an hour
# -entropic=0: libFuzzer's entropic schedule spent a third of the time in
# its own bookkeeping on this target (perf); the plain schedule runs ~1.5x
# more inputs per second.
# The corpus grows in build-fuzz/fuzz/corpus and is kept between sessions.
# A finding is written to build-fuzz/fuzz/artifacts/ (crash-*, timeout-*,
# oom-*, leak-*); reproduce it with `build-fuzz/tests/fuzz/fuzz_compile FILE`,
# then fix the compiler and add the file to tests/fuzz/regressions/ (see
# tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    echo "fuzz: $p is missing: run scripts/setup.sh" >&2
    exit 2
  }
done
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPLC_FUZZ=ON >/dev/null
cmake --build "$BUILD_DIR" -j1 --target fuzz_compile fuzz_seeds
mkdir -p "$BUILD_DIR/fuzz/corpus" "$BUILD_DIR/fuzz/artifacts"
opts=("$@")
# -fork=1: one worker process at a time (one core), restarted every few
# minutes. The resident memory of one libFuzzer process grew by ~10 MB per
# 1000 inputs (ASan's quarantine and stack depot, allocator caches, ANTLR's
# DFA between clears, libFuzzer's own tables; nplc itself frees everything per
# compilation: valgrind), so a single process would stop at the 2 GiB limit
# after a few hundred thousand inputs with an out-of-memory "finding" that no
# compilation can reach.
[ ${#opts[@]} -gt 0 ] || opts=(-runs=10000000 -fork=1)
exec "$BUILD_DIR/tests/fuzz/fuzz_compile" "$BUILD_DIR/fuzz/corpus" "$BUILD_DIR/fuzz/seeds" tests/fuzz/regressions \
  -dict=tests/fuzz/npl.dict -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -entropic=0 \
  -artifact_prefix="$BUILD_DIR/fuzz/artifacts/" "${opts[@]}"
