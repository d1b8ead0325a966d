#!/usr/bin/env bash
# Builds the libFuzzer target (build-fuzz/, clang 14, ASan + UBSan) and runs a
# fuzz session over the whole pipeline.
#   scripts/fuzz.sh                        # 10 million executions, one core
#   NPLC_FUZZ_WORKERS=2 scripts/fuzz.sh    # the same on two cores
#   scripts/fuzz.sh -max_total_time=3600   # libFuzzer options replace -runs
# Every session is logged to build-fuzz/fuzz/sessions/<start>.log and summed
# up in one line of build-fuzz/fuzz/sessions.tsv (start, seconds, workers,
# commit, executions, findings), so the executions of several sessions on the
# same corpus can be added up.
# The corpus grows in build-fuzz/fuzz/corpus and is kept between sessions.
# A finding is written to build-fuzz/fuzz/artifacts/ (crash-*, timeout-*,
# oom-*, leak-*); reproduce it with `build-fuzz/tests/fuzz/fuzz_compile FILE`
# (full ASan stacks), fix the compiler and add the file to
# tests/fuzz/regressions/ (see tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
WORKERS=${NPLC_FUZZ_WORKERS:-1}
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    echo "fuzz: $p is missing: run scripts/setup.sh --tests" >&2
    exit 2
  }
done
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPLC_FUZZ=ON >/dev/null
cmake --build "$BUILD_DIR" -j2 --target fuzz_compile fuzz_seeds >/dev/null
fuzz=$BUILD_DIR/fuzz
mkdir -p "$fuzz/corpus" "$fuzz/artifacts" "$fuzz/sessions"

# malloc_context_size=0: ASan records no stack per allocation. Recording them
# was a sixth of the time (perf) and most of the memory growth of a worker
# (its stack depot: 600 MB after 7000 inputs, 100 MB without). It changes only
# what a report says about where memory was allocated, not what is detected;
# replaying a finding without this option prints the full stacks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
# Fork mode: WORKERS worker processes, each restarted every few minutes, so
# the memory that a long-lived process accumulates (ANTLR's DFA between
# clears, ASan's quarantine, libFuzzer's tables) never reaches the 2 GiB
# limit as an out-of-memory "finding" that no compilation can reach.
# -entropic=0: libFuzzer's entropic schedule spent a third of the time in its
# own bookkeeping on this target (perf).
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(-runs=10000000)
start=$(date -u +%Y%m%dT%H%M%SZ)
log=$fuzz/sessions/$start.log
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)  # what was built
t0=$(date +%s)
set +e
"$BUILD_DIR/tests/fuzz/fuzz_compile" "$fuzz/corpus" "$fuzz/seeds" tests/fuzz/regressions \
  -fork="$WORKERS" -dict=tests/fuzz/npl.dict -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -entropic=0 -artifact_prefix="$fuzz/artifacts/" "${opts[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# The last status line of fork mode counts every execution of every worker:
#   #231111: cov: 45240 ft: 42385 corp: 2334 exec/s 96 oom/timeout/crash: 0/0/0 ...
execs=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 | sed -E 's/^#([0-9]+):.*/\1/')
findings=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 | sed -E 's|.*oom/timeout/crash: ([0-9/]+).*|\1|')
[ -f "$fuzz/sessions.tsv" ] ||
  printf 'start\tseconds\tworkers\tcommit\texecutions\toom/timeout/crash\texit\n' >"$fuzz/sessions.tsv"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$start" "$(($(date +%s) - t0))" "$WORKERS" \
  "$commit" "${execs:-0}" "${findings:-?}" "$rc" >>"$fuzz/sessions.tsv"
echo "fuzz: session logged in $log; all sessions: $fuzz/sessions.tsv" >&2
exit "$rc"
