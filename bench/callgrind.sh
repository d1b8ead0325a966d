#!/usr/bin/env bash
# Instruction counts, on demand (never in the test suite): stable on a busy
# machine where wall times are not, so the before and after of a change
# compare (docs/performance.md).
#   bench/callgrind.sh [LINES]     default 100000
# Counts `nplc check` and `nplc build` on each of examples/ and on the mesh of
# gen_mesh.py LINES, in millions of instructions (valgrind's callgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-100000}
NPLC=${NPLC:-build/nplc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_mesh.py "$LINES" > "$work/mesh.npl"
count() {
  local name=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$@" > /dev/null 2>&1 || true
  local ir
  ir=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$work/cg")
  printf '%-36s %10d M instructions\n' "$name" $((ir / 1000000))
}
# Each program of examples/ alone, for its targets (as bench/table.py builds
# them): the folder as a whole is several programs that declare the same
# services, which stops at E0105.
for dir in examples/*/; do
  ex=$(basename "$dir")
  targets=$(scripts/example-targets.sh "$ex")
  count "check examples/$ex" "$NPLC" check "$dir" --target "$targets"
  count "build examples/$ex" "$NPLC" build "$dir" -o "$work/out-$ex" --target "$targets"
done
count "check mesh ($LINES lines)" "$NPLC" check "$work/mesh.npl"
count "build mesh ($LINES lines)" "$NPLC" build "$work/mesh.npl" -o "$work/out-mesh"
