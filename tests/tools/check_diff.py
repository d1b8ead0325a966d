#!/usr/bin/env python3
"""`nplc diff`: the golden cases, exit codes, determinism, and git revisions.

Each folder of tests/golden/diff/ holds old/ and new/ (one program each) and
the exact stdout of `nplc diff old new` in each format it has a file for:
expected.txt (text), expected.md (Markdown, also linted with markdownlint-cli2
from tests/docs/node_modules, as the docs target's pages are) and
expected.json. A case with expected.stderr must fail: exit 2, that stderr,
nothing on stdout. Then a git repository built here (two commits, a change
in the working tree) is diffed by revision: `nplc diff REV1 REV2` must print
what the same folders print, `nplc diff REV1` compares with the working
tree, and neither touches the working tree or the index. docs/ci.md's
samples are the broaden case's goldens.
NPLC_REGEN=1 rewrites the goldens (then read the diff line by line).
"""
import argparse
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN = HERE.parent / "golden" / "diff"
LINT = HERE.parent / "docs" / "node_modules" / ".bin" / "markdownlint-cli2"
LINT_CONFIG = GOLDEN / "markdownlint.jsonc"
FORMATS = {"expected.txt": "text", "expected.md": "markdown", "expected.json": "json"}

failures = []


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def compare(path, actual, regen):
    if regen:
        path.write_text(actual, encoding="utf-8")
    if path.read_text(encoding="utf-8") != actual:
        failures.append(f"{path.relative_to(GOLDEN)} differs; nplc printed:\n{actual}")


def goldens(nplc, regen):
    markdown = []
    for case in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        stderr = case / "expected.stderr"
        if stderr.exists():
            r = run([nplc, "diff", "old", "new", "--color", "never"], case)
            if r.returncode != 2 or r.stdout:
                failures.append(f"{case.name}: expected exit 2 and no stdout, got {r.returncode}:\n{r.stdout}")
            compare(stderr, r.stderr, regen)
            continue
        for name, fmt in FORMATS.items():
            if not (case / name).exists():
                continue
            cmd = [nplc, "diff", "old", "new", "--color", "never", "--format", fmt]
            first, second = run(cmd, case), run(cmd, case)
            if first.returncode != 0 or first.stderr:
                failures.append(f"{case.name} {fmt}: exit {first.returncode}\n{first.stderr}")
                continue
            if first.stdout != second.stdout:
                failures.append(f"{case.name} {fmt}: two runs printed different bytes")
            compare(case / name, first.stdout, regen)
            if fmt == "markdown":
                markdown.append(str(case / name))
        # --exit-code: 1 exactly when access changed (the JSON says whether it did).
        j = run([nplc, "diff", "old", "new", "--format", "json", "--exit-code"], case)
        changed = bool(json.loads(j.stdout)["access"]) if j.stdout else None
        if j.returncode != (1 if changed else 0):
            failures.append(f"{case.name}: --exit-code exited {j.returncode}, access changed: {changed}")
    if not os.access(LINT, os.X_OK):
        failures.append(f"missing {LINT}: run scripts/setup.sh --tests (npm ci in tests/docs)")
    elif markdown:
        lint = run([str(LINT), "--config", str(LINT_CONFIG), *[":" + m for m in markdown]], GOLDEN)
        if lint.returncode != 0:
            failures.append("markdownlint-cli2 failed:\n" + lint.stdout + lint.stderr)
    return len(markdown)


def git(repo, *args):
    r = run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], repo)
    if r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout.strip()


def state(repo):
    """What nplc diff must not touch: the index and every file of the working tree."""
    h = hashlib.sha256((repo / ".git" / "index").read_bytes())
    h.update(git(repo, "status", "--porcelain", "--untracked-files=all").encode())
    for p in sorted(repo.rglob("*")):
        if ".git" not in p.parts and p.is_file():
            h.update(str(p.relative_to(repo)).encode() + p.read_bytes())
    return h.hexdigest()


def revisions(nplc):
    case = GOLDEN / "widen"
    with tempfile.TemporaryDirectory() as tmp:
        repo = pathlib.Path(tmp) / "repo"
        policies = repo / "policies"
        policies.mkdir(parents=True)
        git(repo, "init", "-q", "-b", "main")
        shutil.copy(case / "old" / "shop.npl", policies)
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", "old")
        shutil.copy(case / "new" / "shop.npl", policies)
        git(repo, "commit", "-q", "-am", "new")
        # The working tree goes back to the old program, plus a file not
        # staged: `nplc diff HEAD` is the reverse of the golden.
        shutil.copy(case / "old" / "shop.npl", policies)
        before = state(repo)
        folders = run([nplc, "diff", "old", "new", "--color", "never"], case).stdout
        expected = folders.replace("nplc diff old -> new", "nplc diff HEAD~1 -> HEAD")
        r = run([nplc, "diff", "HEAD~1", "HEAD", "--color", "never"], policies)
        if r.returncode != 0 or r.stdout != expected:
            failures.append(f"diff HEAD~1 HEAD (exit {r.returncode}) is not the folders' diff:\n{r.stdout}{r.stderr}")
        back = run([nplc, "diff", "HEAD~1", "--color", "never"], policies)
        if back.returncode != 0 or not back.stdout.startswith("nplc diff HEAD~1 -> working tree: no change"):
            failures.append(f"diff HEAD~1 against the same working tree:\n{back.stdout}{back.stderr}")
        rev = run([nplc, "diff", "HEAD", "--color", "never", "--exit-code"], policies)
        if rev.returncode != 1 or "now denied" not in rev.stdout or "WIDENED" in rev.stdout.split("Intent:")[0]:
            failures.append(f"diff HEAD against the old working tree (exit {rev.returncode}):\n{rev.stdout}{rev.stderr}")
        # From the top level, nplc.yaml (committed in the last revision and
        # in the working tree) names the sources: a broken file outside them
        # is not read.
        (repo / "nplc.yaml").write_text("sources: [policies]\n", encoding="utf-8")
        git(repo, "add", "nplc.yaml")
        git(repo, "commit", "-q", "-m", "project file", "--", "nplc.yaml")
        (repo / "junk").mkdir()
        (repo / "junk" / "bad.npl").write_text("namespace {\n", encoding="utf-8")
        before = state(repo)
        top = run([nplc, "diff", "HEAD~2", "HEAD", "--color", "never"], repo)
        in_repo = expected.replace("HEAD~1 -> HEAD", "HEAD~2 -> HEAD").replace("shop.npl:", "policies/shop.npl:")
        if top.returncode != 0 or top.stdout != in_repo:
            failures.append(f"diff HEAD~2 HEAD from the top level:\n{top.stdout}{top.stderr}")
        yaml = run([nplc, "diff", "HEAD~2", "--color", "never"], repo)
        if yaml.returncode != 0 or not yaml.stdout.startswith("nplc diff HEAD~2 -> working tree: no change"):
            failures.append(f"diff HEAD~2 from the top level, nplc.yaml's sources:\n{yaml.stdout}{yaml.stderr}")
        bad = run([nplc, "diff", "no-such-rev"], policies)
        if bad.returncode != 2 or "neither a folder nor a revision" not in bad.stderr:
            failures.append(f"a bad revision: exit {bad.returncode}\n{bad.stderr}")
        if state(repo) != before:
            failures.append("nplc diff changed the working tree or the index")


def docs_samples():
    """docs/ci.md shows the broaden case as text and as a comment: nplc's real output."""
    ci = (HERE.parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    for name, fence in (("expected.txt", "```text\n"), ("expected.md", "```markdown\n")):
        if fence + (GOLDEN / "broaden" / name).read_text(encoding="utf-8") + "```" not in ci:
            failures.append(f"docs/ci.md: the sample is not tests/golden/diff/broaden/{name}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    args = ap.parse_args()
    linted = goldens(args.nplc, os.environ.get("NPLC_REGEN") == "1")
    revisions(args.nplc)
    docs_samples()
    for f in failures:
        print("FAIL", f)
    print(f"{len(failures)} failures ({linted} Markdown files linted)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
