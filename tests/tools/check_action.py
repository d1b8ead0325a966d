#!/usr/bin/env python3
"""The GitHub Action and the pre-commit hook, offline, against a fixture.

action.yml runs each step through scripts/action.sh: here every step the
action runs is run the same way (the environment action.yml gives it, with
GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) in a git repository built here
with a pull request's two commits, nplc on PATH and a stand-in `gh` that
records how it was called. Then .pre-commit-hooks.yaml's hook is run as
pre-commit runs a `language: system` hook (its entry, no file names):
passing on the fixture, failing on a broken file.
"""
import argparse
import os
import pathlib
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "golden" / "diff" / "widen"
failures = []


def expect(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}\n{detail}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    args = ap.parse_args()
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = [s for s in action["runs"]["steps"] if "run" in s]
    expect("action.yml is a composite action", action["runs"]["using"] == "composite")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        os.symlink(args.nplc, bin_dir / "nplc")
        gh_log = tmp / "gh.log"
        gh = bin_dir / "gh"
        gh.write_text(f'#!/bin/sh\necho "$@" >> {gh_log}\n', encoding="utf-8")
        gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
        repo = tmp / "repo"
        (repo / "policies").mkdir(parents=True)
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
        subprocess.run(git + ["init", "-q", "-b", "main"], cwd=repo, check=True)
        shutil.copy(CASE / "old" / "shop.npl", repo / "policies")
        subprocess.run(git + ["add", "."], cwd=repo, check=True)
        subprocess.run(git + ["commit", "-q", "-m", "base"], cwd=repo, check=True)
        base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
        shutil.copy(CASE / "new" / "shop.npl", repo / "policies")
        subprocess.run(git + ["commit", "-q", "-am", "the pull request"], cwd=repo, check=True)
        output, summary = tmp / "github_output", tmp / "step_summary"
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "GITHUB_ACTION_PATH": str(ROOT),
               "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
               "NPLC_DEB": "", "NPLC_BASE": base, "NPLC_PR": "7", "GH_TOKEN": "unused"}
        ran = {}
        for s in steps:
            # The step's command as action.yml writes it: the script and its step name.
            cmd = s["run"].replace('"$GITHUB_ACTION_PATH', '"' + str(ROOT))
            if "NPLC_OUTPUT" in s.get("env", {}):
                continue  # build --check: the fixture commits no generated policies
            r = subprocess.run(["bash", "-c", cmd], cwd=repo, env=env, capture_output=True, text=True)
            ran[shlex.split(cmd)[-1]] = r
        for name in ("install", "check", "test", "diff", "comment"):
            expect(f"step {name} ran and passed", name in ran and ran[name].returncode == 0,
                   ran[name].stdout + ran[name].stderr if name in ran else "not run")
        sarif = repo / "nplc.sarif"
        expect("check wrote SARIF", sarif.exists() and '"version": "2.1.0"' in sarif.read_text())
        md = (repo / "nplc-diff.md").read_text() if (repo / "nplc-diff.md").exists() else ""
        expect("diff wrote the comment", md.startswith("**nplc diff** `" + base + "` → `working tree`"), md[:300])
        expect("diff set access-changed", output.exists() and "access-changed=true" in output.read_text())
        expect("diff wrote the step summary", summary.exists() and summary.read_text() == md)
        calls = gh_log.read_text() if gh_log.exists() else ""
        expect("comment posted the diff on the pull request", calls.startswith("pr comment 7 --body-file nplc-diff.md"), calls)

        # The pre-commit hook, as pre-commit runs it in the repository.
        hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        hook = next(h for h in hooks if h["id"] == "nplc-check")
        expect("the hook takes no file names", hook.get("pass_filenames") is False)
        entry = shlex.split(hook["entry"])
        ok = subprocess.run(entry, cwd=repo, env=env, capture_output=True, text=True)
        expect("the hook passes on the fixture", ok.returncode == 0, ok.stderr)
        (repo / "policies" / "broken.npl").write_text("namespace shop {\n  web -> nowhere:80\n}\n")
        bad = subprocess.run(entry, cwd=repo, env=env, capture_output=True, text=True)
        expect("the hook fails on a broken file", bad.returncode == 1 and "E0103" in bad.stderr, bad.stderr)
    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
