#!/usr/bin/env python3
"""Every list of targets agrees with the registry (compiler/driver/targets.cpp),
which `nplc build --help` prints: the bash completion, the README's usage
line, and the examples' test lists (tests/CMakeLists.txt's default and the
`targets` of tests/golden/examples/*), which name only registered targets and
together every one. Adding a target to the registry without the others fails
here. Every example also builds for the targets scripts/setup.sh gives it."""
import argparse
import glob
import re
import subprocess
import sys
import tempfile


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
    lists = {"tests/CMakeLists.txt": m for m in re.findall(r"set\(targets\s+([a-z,-]+)\)", cmake)}
    if not lists:
        failures.append("tests/CMakeLists.txt: no set(targets ...) list for the examples")
    for f in sorted(glob.glob(f"{args.root}/tests/golden/examples/*/targets")):
        lists[f[len(args.root) + 1:]] = open(f, encoding="utf-8").read().strip()
    tested = set()
    for where, found in lists.items():
        unknown = sorted(set(found.split(",")) - set(registry))
        if unknown:
            failures.append(f"{where}: {unknown} are not targets (the registry: {registry})")
        tested |= set(found.split(","))
    if lists and sorted(tested) != sorted(registry):
        failures.append(f"no example is built for {sorted(set(registry) - tested)}")

    # scripts/setup.sh builds every example for what scripts/example-targets.sh
    # prints: each must build (the README's first command fails otherwise).
    for ex in sorted(glob.glob(f"{args.root}/examples/*/")):
        name = ex.rstrip("/").rsplit("/", 1)[1]
        targets = subprocess.run([f"{args.root}/scripts/example-targets.sh", name], capture_output=True,
                                 text=True, check=True).stdout.strip()
        with tempfile.TemporaryDirectory() as out:
            b = subprocess.run([args.nplc, "build", ex, "-o", out, "--target", targets, "--color", "never"],
                               capture_output=True, text=True)
        if b.returncode != 0:
            failures.append(f"examples/{name}: scripts/setup.sh's build (--target {targets}) fails:\n{b.stderr}")

    readme = open(f"{args.root}/README.md", encoding="utf-8").read()
    m = re.search(r"nplc build [^\n]*\[--target ([a-z,-]+)\]", readme)
    expect("README.md (nplc build usage)", m.group(1).split(",") if m else [])

    for f in failures:
        print("FAIL", f)
    print(f"targets: {registry}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
