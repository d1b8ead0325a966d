#!/usr/bin/env python3
"""`nplc check --flows` golden cases. Each folder of tests/golden/flows/ holds
`args`: the command-line arguments after `nplc check --color never`, one a
line, with paths relative to the repository's top level (where nplc runs);
`expected.stdout` (the summary) and `expected.stderr` (the diagnostics, then
`exit N`). Then every fix an E0701 proposes (`--format json`) is applied to a
copy of the sources and the case run again: the connection it allowed must
no longer be reported. NPLC_REGEN=1 rewrites the expectations (read the diff
line by line against the .npl and the capture)."""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile


def run(nplc, root, args):
    p = subprocess.run([nplc, "check", "--color", "never"] + args, capture_output=True, text=True, cwd=root)
    return p.stdout, p.stderr + f"exit {p.returncode}\n"


def apply_fixes(root, args, nplc):
    """Problems with the E0701 fixes of a case ([] when they all work)."""
    p = subprocess.run([nplc, "check", "--format", "json"] + args, capture_output=True, text=True, cwd=root)
    diags = json.loads(p.stdout)["diagnostics"]
    fixed = [d for d in diags if d["code"] == "E0701" and d.get("fix")]
    if not fixed:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        edits = {}
        for d in fixed:
            for e in d["fix"]:
                edits.setdefault(e["location"]["file"], []).append(e)
        mapping = {}
        for f, es in edits.items():
            dst = os.path.join(tmp, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            lines = (root / f).read_text(encoding="utf-8").splitlines(keepends=True)
            # Insertions at the start of a line, applied bottom-up.
            for e in sorted(es, key=lambda e: e["location"]["line"], reverse=True):
                loc = e["location"]
                assert loc["column"] == 1 and loc["line"] == loc["endLine"], loc
                lines.insert(loc["line"] - 1, e["replacement"])
            pathlib.Path(dst).write_text("".join(lines), encoding="utf-8")
            mapping[str(pathlib.Path(f).parent)] = os.path.dirname(dst)
        fixed_args = [mapping.get(a, a) if not a.endswith(".json") else str(root / a) for a in args]
        p = subprocess.run([nplc, "check", "--format", "json"] + fixed_args, capture_output=True, text=True, cwd=root)
        after = json.loads(p.stdout)["diagnostics"]
        left = {d["message"] for d in after if d["code"] == "E0701"} & {d["message"] for d in fixed}
        return [f"still reported after its fix: {m}" for m in sorted(left)]


def arguments():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--golden", required=True, type=os.path.abspath)
    ap.add_argument("--root", required=True, type=pathlib.Path)
    args = ap.parse_args()
    args.root = args.root.resolve()
    return args


def run_cases(golden, wanted, check_case):
    """check_case(case) -> problems, on each folder of `golden` that `wanted`; the exit status."""
    passed = failed = 0
    for case in sorted(pathlib.Path(golden).iterdir()):
        if not wanted(case):
            continue
        problems = check_case(case)
        if problems:
            failed += 1
            print(f"FAIL {case.name}:\n" + "\n".join(problems))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


def main() -> int:
    args = arguments()
    regen = os.environ.get("NPLC_REGEN") == "1"

    def check_case(case):
        cargs = [l for l in (case / "args").read_text(encoding="utf-8").splitlines() if l.strip()]
        out, err = run(args.nplc, args.root, cargs)
        problems = []
        for name, got in (("expected.stdout", out), ("expected.stderr", err)):
            if regen:
                (case / name).write_text(got, encoding="utf-8")
            if not (case / name).exists() or (case / name).read_text(encoding="utf-8") != got:
                problems.append(f"{name} differs; nplc printed:\n{got}")
        if "--format" not in cargs and "--strict" not in cargs:
            problems += apply_fixes(args.root, cargs, args.nplc)
        return problems

    return run_cases(args.golden, lambda case: (case / "args").exists(), check_case)


if __name__ == "__main__":
    sys.exit(main())
