#!/usr/bin/env bash
# The reachability matrix, on demand (never in the test suite):
#   bench/matrix.sh [LINES]     default 10000
# Times `nplc query --matrix` (both policy targets judged over the whole
# cluster model) and `nplc check --target kubernetes,cilium` (which adds the
# equivalence check) on the synthetic mesh of gen_mesh.py, as ratios to the
# budget issue 19 set: a 10k-line program's matrix in seconds (5 s per 10k
# lines), not minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-10000}
NPLC=${NPLC:-build/nplc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_mesh.py "$LINES" > "$work/mesh.npl"
budget_s=$(python3 -c "print(5.0 * $LINES / 10000)")
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %M" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || { cat "$work/stderr"; exit 1; }
  read -r secs user kb < "$work/time"
  # CPU time too: on a shared machine the wall time says more about the load.
  python3 -c "import sys; s=float(sys.argv[2]); print(f'{sys.argv[1]:<18} {s:6.2f} s ({s / float(sys.argv[4]):4.1f}x budget), {float(sys.argv[3]):.2f} s CPU, {int(sys.argv[5]) // 1024} MB')" \
    "$name" "$secs" "$user" "$budget_s" "$kb"
}
echo "nplc on $(wc -l < "$work/mesh.npl") lines"
measure "query --matrix" "$NPLC" query --matrix "$work/mesh.npl"
echo "  $(($(wc -l < "$work/stdout") - 1)) cells allowed"
measure "check (2 targets)" "$NPLC" check --target kubernetes,cilium "$work/mesh.npl"
