#!/usr/bin/env bash
# One bounded libFuzzer session over the seed corpus and past findings.
#   run_session.sh FUZZ_BINARY FUZZ_SOURCE_DIR SEED_DIR [libFuzzer options...]
# New inputs go to a temporary corpus (removed at the end); a finding is
# written as ./crash-*, ./timeout-* or ./oom-* in the working directory and
# fails the session (libFuzzer's exit code).
set -euo pipefail
bin=$1 src=$2 seeds=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# -jobs is never used here: one process, one core.
"$bin" "$work" "$seeds" "$src/regressions" -dict="$src/npl.dict" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -entropic=0 "$@"
