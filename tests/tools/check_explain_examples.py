#!/usr/bin/env python3
"""Every catalog code has an example, and the example reports exactly that code.

For each entry of `nplc explain --list --format json`: the example is written
as example.npl in a fresh folder and compiled with `nplc check --format json`;
the set of codes reported must be exactly {CODE} (exit 1 for errors, 0 for
warnings), and `nplc explain CODE` must show that code in what it reports.
Prints one line per failure and a final `N passed, M failed`.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    args = ap.parse_args()
    entries = json.loads(subprocess.run([args.nplc, "explain", "--list", "--format", "json"],
                                        check=True, capture_output=True, text=True).stdout)
    passed = failed = 0
    for e in entries:
        code = e["code"]
        problems = []
        if not e["example"]:
            problems.append("no example (add compiler/diag/examples/%s.npl)" % code)
        elif "# nplc:example needs-several-files" in e["example"]:
            # One file cannot show it (E0005: 257 nested imports); a golden
            # case does, and the guard of the catalog checks that one exists.
            pass
        else:
            with tempfile.TemporaryDirectory() as tmp:
                with open(os.path.join(tmp, "example.npl"), "wb") as fh:
                    fh.write(e["example"].encode("utf-8", "surrogateescape"))
                # The raw bytes, for the examples that are not UTF-8 on purpose.
                raw = subprocess.run([args.nplc, "explain", "--example", code], capture_output=True).stdout
                with open(os.path.join(tmp, "example.npl"), "wb") as fh:
                    fh.write(raw)
                # An example that needs an option says so on a line of its own
                # (nplc explain reads the same line).
                # The Cilium target's codes (E04xx, W01xx) on that target, the
                # others on the default one: as `nplc explain` compiles them.
                # E0605-E0609: the cluster-scope blocks on Cilium alone.
                clusterwide = "E0605" <= code <= "E0609"
                target = "cilium" if code.startswith(("E04", "W01")) or clusterwide else "kubernetes"
                if (code.startswith("E06") and not clusterwide) or b"# nplc:example cluster-network-policy" in raw:
                    target += ",cluster-network-policy"
                cmd = [args.nplc, "check", "--format", "json", "--target", target]
                if b"# nplc:example --cilium-deny-rules" in raw:
                    cmd += ["--cilium-deny-rules"]
                p = subprocess.run(cmd + ["example.npl"], cwd=tmp, capture_output=True, text=True)
                try:
                    doc = json.loads(p.stdout)
                except ValueError:
                    problems.append("check --format json printed no JSON: " + p.stdout + p.stderr)
                    doc = None
                if doc is not None:
                    codes = sorted({d["code"] for d in doc["diagnostics"]})
                    if codes != [code]:
                        problems.append("reports %s, expected exactly [%s]" % (codes, code))
                    want = 1 if e["severity"] == "error" else 0
                    if p.returncode != want:
                        problems.append("exit code %d, expected %d" % (p.returncode, want))
            shown = subprocess.run([args.nplc, "explain", code], capture_output=True, text=True)
            if shown.returncode != 0 or ("[%s]" % code) not in shown.stdout:
                problems.append("`nplc explain %s` does not show the diagnostic" % code)
        if problems:
            failed += 1
            for pr in problems:
                print("FAIL %s: %s" % (code, pr))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
