#!/usr/bin/env python3
"""The draft-then-check loop of `nplc import --flows` (docs/flows.md,
"Drafting sources"). Each folder of tests/golden/flows/ with a `draft/`
folder holds `capture.json`; `nplc import --flows capture.json -o TMP` must
write exactly the files of `draft/` (NAMESPACE.npl) and print
`expected.stderr` (TMP written as OUT, then `exit N`). Then:
- the draft is in `nplc fmt` layout;
- `nplc check TMP --target kubernetes,cilium --flows capture.json` reports no
  error, and in particular no E0701 (the draft allows every observed
  connection) on either target;
- with any one edge line of the draft removed, the same check reports E0701
  (the loop notices a draft that misses an edge), but for an edge to a DNS
  external: the edge to the address the name had (drafted for NetworkPolicy,
  which cannot name DNS names) still allows that connection on both targets.
NPLC_REGEN=1 rewrites draft/ and expected.stderr (read the diff line by line
against the capture)."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

from check_flows import arguments, run_cases


def check(nplc, root, out, capture):
    p = subprocess.run([nplc, "check", str(out), "--target", "kubernetes,cilium", "--flows", str(capture),
                        "--format", "json"], capture_output=True, text=True, cwd=root)
    return p.returncode, json.loads(p.stdout)["diagnostics"]


def run_case(nplc, root, case, regen):
    problems = []
    capture = (case / "capture.json").relative_to(root)
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "draft"
        p = subprocess.run([nplc, "import", "--flows", str(capture), "-o", str(out)], capture_output=True, text=True,
                           cwd=root)
        err = p.stderr.replace(str(out), "OUT") + f"exit {p.returncode}\n"
        expected = case / "draft"
        if regen:
            shutil.rmtree(expected, ignore_errors=True)
            shutil.copytree(out, expected)
            (case / "expected.stderr").write_text(err, encoding="utf-8")
        if (case / "expected.stderr").read_text(encoding="utf-8") != err:
            problems.append(f"expected.stderr differs; nplc printed:\n{err}")
        got = sorted(f.name for f in out.glob("*.npl")) if out.exists() else []
        want = sorted(f.name for f in expected.glob("*.npl"))
        if got != want:
            problems.append(f"drafted files {got}, expected {want}")
        for name in set(got) & set(want):
            if (out / name).read_text(encoding="utf-8") != (expected / name).read_text(encoding="utf-8"):
                problems.append(f"{name} differs; nplc wrote:\n{(out / name).read_text(encoding='utf-8')}")
        if not got:
            return problems
        fmt = subprocess.run([nplc, "fmt", "--check", str(out)], capture_output=True, text=True)
        if fmt.returncode != 0:
            problems.append(f"the draft is not in `nplc fmt` layout:\n{fmt.stdout}{fmt.stderr}")
        code, diags = check(nplc, root, out, capture)
        bad = [d for d in diags if d["severity"] == "error"]
        if code != 0 or bad:
            problems.append(f"check --flows on the draft: exit {code}, errors: " + json.dumps(bad, indent=1))
        # Every edge line is needed: without it, the check reports the connection.
        for name in got:
            lines = (out / name).read_text(encoding="utf-8").splitlines(keepends=True)
            dns = {l.split()[1] for l in lines if l.strip().startswith("external ") and '= dns "' in l}
            for i, line in enumerate(lines):
                if " -> " not in line or line.split(" -> ")[1].split(":")[0] in dns:
                    continue
                (out / name).write_text("".join(lines[:i] + lines[i + 1:]), encoding="utf-8")
                _, diags = check(nplc, root, out, capture)
                if not any(d["code"] == "E0701" for d in diags):
                    problems.append(f"without {name}:{i + 1} ({line.strip()}) the check reports no E0701")
            (out / name).write_text("".join(lines), encoding="utf-8")
    return problems


def main() -> int:
    args = arguments()
    regen = os.environ.get("NPLC_REGEN") == "1"
    return run_cases(args.golden,
                     lambda case: (case / "capture.json").exists() and ((case / "draft").exists() or regen),
                     lambda case: run_case(args.nplc, args.root, case, regen))


if __name__ == "__main__":
    sys.exit(main())
