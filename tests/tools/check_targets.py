#!/usr/bin/env python3
"""Every list of targets agrees with the registry (compiler/driver/targets.cpp),
which `nplc build --help` prints: the bash completion, the test lists of
tests/CMakeLists.txt and the README's usage line. Adding a target to the
registry without the others fails here."""
import argparse
import re
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()

    help_text = subprocess.run([args.nplc, "build", "--help"], capture_output=True, text=True, check=True).stdout
    line = next((l for l in help_text.splitlines() if l.strip().startswith("--target")), "")
    registry = re.findall(r"([a-z][a-z0-9-]*) \(", line.split(":", 1)[1] if ":" in line else "")
    if not registry:
        print(f"no targets in the --target help line: {line!r}")
        return 1

    failures = []

    def expect(where: str, found: list) -> None:
        if sorted(found) != sorted(registry):
            failures.append(f"{where}: {found} (the registry: {registry})")

    completion = open(f"{args.root}/packaging/nplc.bash-completion", encoding="utf-8").read()
    m = re.search(r'--target\)\s*COMPREPLY=\(\$\(compgen -W "([^"]*)"', completion)
    expect("packaging/nplc.bash-completion (--target)", m.group(1).split() if m else [])

    cmake = open(f"{args.root}/tests/CMakeLists.txt", encoding="utf-8").read()
    lists = re.findall(r"--targets\s+([a-z,-]+)", cmake)
    if not lists:
        failures.append("tests/CMakeLists.txt: no --targets list")
    for found in lists:
        expect("tests/CMakeLists.txt (--targets)", found.split(","))

    readme = open(f"{args.root}/README.md", encoding="utf-8").read()
    m = re.search(r"nplc build [^\n]*\[--target ([a-z,-]+)\]", readme)
    expect("README.md (nplc build usage)", m.group(1).split(",") if m else [])

    for f in failures:
        print("FAIL", f)
    print(f"targets: {registry}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
