#!/usr/bin/env bash
# What a new user meets in the first hour, scripted (issue 20, points 1-3 and 8):
# a fresh clone of this repository's HEAD in a scratch folder, the README's
# first command, then `nplc` from PATH in a new repository of .npl files.
# Run on demand, as root on Debian 12 (it installs nplc into /usr/local, as
# the README's first command does); it takes the time of a build from scratch.
#   scripts/first-hour.sh            # setup, then the checks below
#   scripts/first-hour.sh --tests    # and the README's second command in the clone
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tests=0
[ "${1:-}" = "--tests" ] && tests=1
work=$(mktemp -d /tmp/nplc-first-hour.XXXXXX)
echo "first-hour: working in $work"
fail=0
checks=0
check() { checks=$((checks + 1)); if "$@"; then echo "ok   $*"; else echo "FAIL $*"; fail=$((fail + 1)); fi; }

git clone -q "$repo" "$work/nplc"
cd "$work/nplc"
# 1. The README's first command leaves nplc on PATH and says what to type next.
start=$SECONDS
scripts/setup.sh > "$work/setup.out" 2>&1 || { cat "$work/setup.out"; echo "FAIL scripts/setup.sh"; exit 1; }
echo "first-hour: scripts/setup.sh took $((SECONDS - start)) s, $(wc -l < "$work/setup.out") lines of output"
check test "$(command -v nplc)" = /usr/local/bin/nplc
check test "$(nplc --version)" = "$("$work/nplc/build/nplc" --version)"
check grep -q "next, in a repository of .npl files: nplc build" <(tail -n 1 "$work/setup.out")
# 8. The extension is where the README and docs/editors.md say.
check test -s "$work/nplc/build/npl.vsix"

# 2 and 3. A repository of .npl files: `nplc build` writes ./out; the project
# file written by `nplc init` decides targets for build and check.
mkdir -p "$work/app/policies"
cd "$work/app"
git init -q
cp "$repo/examples/shop/shop.npl" policies/
check nplc build
check test -s out/kubernetes/kustomization.yaml
check nplc build -o out
check nplc init
check test -s nplc.yaml
printf 'sources: [policies]\noutput: deploy\ntarget: [kubernetes, cilium]\n' > nplc.yaml
(cd policies && check nplc build)
check test -s deploy/cilium/kustomization.yaml
check nplc test
# check reads the same file: with -Werror there, shop.npl's warnings fail it.
check nplc check
printf 'warnings: [error]\n' >> nplc.yaml
check bash -c "! nplc check 2>/dev/null"
if [ $tests -eq 1 ]; then
  cd "$work/nplc"
  check scripts/test.sh
fi
echo "$((checks - fail)) passed, $fail failed"
[ "$fail" -eq 0 ] && rm -rf "$work"
[ "$fail" -eq 0 ]
