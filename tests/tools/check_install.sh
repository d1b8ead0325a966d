#!/usr/bin/env bash
# `cmake --install` into a staging folder (DESTDIR): the binary runs, the man
# page has the added sections, and the bash completion completes commands,
# formats and -W names from the installed nplc.
#   check_install.sh BUILD_DIR
set -euo pipefail
build=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
fail=0
check() { if "$@"; then echo "ok   $*"; else echo "FAIL $*"; fail=$((fail + 1)); fi; }

DESTDIR="$stage" cmake --install "$build" --prefix /usr >/dev/null
bin="$stage/usr/bin/nplc"
check test -x "$bin"
check bash -c "'$bin' --version | grep -qx 'nplc [0-9.]*'"
man="$stage/usr/share/man/man1/nplc.1.gz"
check test -f "$man"
check bash -c "zcat '$man' | grep -q '^.SH COMMANDS'"
check bash -c "zcat '$man' | grep -q '^.SH .EXIT STATUS'"
check bash -c "zcat '$man' | grep -q 'nplc:ignore'"
check test -f "$stage/usr/share/doc/nplc/ci.md"
check grep -q "Apache License" "$stage/usr/share/doc/nplc/copyright"
comp="$stage/usr/share/bash-completion/completions/nplc"
check test -f "$comp"

# Runs the completion function for a command line and expects `want` among the candidates.
completes() {
  local want=$1; shift
  local got
  got=$(PATH="$stage/usr/bin:$PATH" bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _nplc
    printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@")
  if grep -qx -- "$want" <<<"$got"; then echo "ok   completion of '$*' offers $want"
  else echo "FAIL completion of '$*' does not offer $want (got: $(echo $got))"; fail=$((fail + 1)); fi
}
completes check nplc ch
completes sarif nplc check --format s
completes -Wno-missing-baseline nplc check -Wno-missing-b
completes W0204 nplc explain W020
completes cilium nplc build --target c
completes --check nplc build --ch

passed=$(( 16 - fail ))
echo "$passed passed, $fail failed"
[ "$fail" -eq 0 ]
