#!/usr/bin/env bash
# Benchmarks, run on demand (never in the test suite):
#   bench/run.sh [LINES]     default 100000
# Reports wall time and peak memory of `nplc check` and `nplc build` on a
# synthetic mesh, and their ratios to the budget of the issue that set it:
# an ANTLR parser of this shape needs about 0.5 s and 250 MB for 100k lines.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-100000}
NPLC=${NPLC:-build/nplc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_mesh.py "$LINES" > "$work/mesh.npl"
budget_s=$(python3 -c "print(0.5 * $LINES / 100000)")
budget_mb=250
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" env NPLC_TIMINGS=1 "$@" 2> "$work/stderr" >/dev/null || true
  grep 'timing:' "$work/stderr" | sed 's/^/  /'
  read -r secs kb < "$work/time"
  python3 - "$name" "$secs" "$kb" "$budget_s" "$budget_mb" <<'PY'
import sys
name, secs, kb, bs, bm = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
mb = kb / 1024
print(f"{name:<6} {secs:6.2f} s ({secs / bs:4.1f}x budget)  {mb:6.0f} MB ({mb / bm:4.1f}x budget)")
PY
}
echo "nplc on $(wc -l < "$work/mesh.npl") lines"
measure check "$NPLC" check "$work/mesh.npl"
measure build "$NPLC" build "$work/mesh.npl" -o "$work/out"
