#!/usr/bin/env bash
# The .deb that CPack makes installs with `dpkg -i`, `nplc --version` runs
# from it, and `dpkg -r` removes it again. Needs root (CI has it): skipped
# (exit 77) otherwise, and when a package called nplc is already installed
# (this test does not replace someone's install).
#   check_deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
if [ "$(id -u)" -ne 0 ]; then echo "skipped: dpkg -i needs root"; exit 77; fi
if dpkg-query -W -f='${Status}' nplc 2>/dev/null | grep -q "install ok installed"; then
  echo "skipped: a package nplc is already installed"; exit 77
fi
work=$(mktemp -d)
trap 'dpkg -r nplc >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fail=0
checks=0
check() { checks=$((checks + 1)); if "$@"; then echo "ok   $*"; else echo "FAIL $*"; fail=$((fail + 1)); fi; }

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work" >/dev/null)
deb=$(ls "$work"/nplc_*.deb)
echo "package: $(basename "$deb")"
# dpkg-shlibdeps filled in the libraries nplc links.
check bash -c "dpkg-deb -f '$deb' Depends | grep -q libyaml-cpp"
check bash -c "dpkg-deb -c '$deb' | grep -q './usr/bin/nplc$'"
check bash -c "dpkg-deb -c '$deb' | grep -q './usr/share/man/man1/nplc.1.gz$'"
check bash -c "dpkg-deb -c '$deb' | grep -q './usr/share/bash-completion/completions/nplc$'"
# The documents the man page points to (packaging/nplc.h2m).
for doc in language diagnostics ci project-file editors; do
  check bash -c "dpkg-deb -c '$deb' | grep -q './usr/share/doc/nplc/$doc.md$'"
done
check dpkg -i "$deb"
check bash -c "/usr/bin/nplc --version | grep -qx 'nplc [0-9.]*'"
check bash -c "cd '$work' && printf 'namespace shop {\n  service api\n}\n' > a.npl && /usr/bin/nplc check a.npl 2>&1 | grep -q W0200"
check dpkg -r nplc
check test ! -e /usr/bin/nplc

passed=$(( checks - fail ))
echo "$passed passed, $fail failed"
[ "$fail" -eq 0 ]
