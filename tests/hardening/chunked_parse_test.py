#!/usr/bin/env python3
"""A big file is parsed in pieces of whole top-level statements
(compiler/syntax/parser.cpp, pieceStarts); the result must not depend on it.
NPLC_PARSE_CHUNK_BYTES=1 cuts every file at every place a piece may start,
and NPLC_THREADS=8 parses the pieces on 8 threads;
for every example and every golden case (errors included), `nplc check`'s
JSON diagnostics and exit code, `nplc fmt`'s text of each file, and for
programs that compile the plan (`build --dump-plan`) and the list of
expectations (`test --format junit`), must be the same as without pieces. So must a generated
mesh's, and a big file with a syntax error in its last statement (every
piece but the last parses; the whole file is then parsed again as one).

  chunked_parse_test.py --nplc PATH --root SOURCE_ROOT [--mesh-only]

--mesh-only (the sanitizer build, where the golden cases run already) keeps
the generated mesh and the late syntax error: the pieces under ASan/UBSan."""
import argparse
import os
import subprocess
import sys

from harness import TESTS, cluster_target, main, test, write

NPLC = ROOT = None


def run(args, cwd, pieces, stdin):
    env = dict(os.environ)
    env.pop("NPLC_PARSE_CHUNK_BYTES", None)
    env["NPLC_THREADS"] = "1"
    if pieces:
        env["NPLC_PARSE_CHUNK_BYTES"] = "1"
        env["NPLC_THREADS"] = "8"  # the pieces are parsed on 8 threads
    with open(stdin or os.devnull, "rb") as fh:
        p = subprocess.run([NPLC, *args], cwd=cwd, capture_output=True, env=env, stdin=fh, timeout=120)
    return p.returncode, p.stdout, p.stderr


def same_both_ways(args, cwd, stdin=None):
    whole, pieces = run(args, cwd, False, stdin), run(args, cwd, True, stdin)
    assert whole == pieces, f"{cwd}: `nplc {' '.join(args)}` differs when the files are parsed in pieces:\n" \
                            f"whole: {whole[0]} {whole[2][-800:]!r}\npieces: {pieces[0]} {pieces[2][-800:]!r}"
    return whole[0]


def programs():
    for group in ("examples", "tests/golden/cases"):
        for name in sorted(os.listdir(os.path.join(ROOT, group))):
            folder = os.path.join(ROOT, group, name)
            if os.path.isdir(folder) and any(f.endswith(".npl") for f in os.listdir(folder)):
                yield folder


@test
def every_program_of_the_repository(tmp):
    checked = compiled = 0
    for folder in programs():
        target = cluster_target(ROOT, folder)
        rc = same_both_ways(["check", ".", "--format", "json", *target], folder)
        for f in sorted(os.listdir(folder)):
            if f.endswith(".npl"):
                same_both_ways(["fmt", "-"], folder, stdin=os.path.join(folder, f))
        if rc == 0:
            same_both_ways(["build", ".", "--dump-plan", *target], folder)
            same_both_ways(["test", ".", "--format", "junit", *target], folder)
            compiled += 1
        checked += 1
    assert checked > 150 and compiled > 50, (checked, compiled)
    print(f"     {checked} programs, {compiled} of them compiled")


@test
def a_generated_mesh_and_a_late_syntax_error(tmp):
    mesh = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_mesh.py"), "3000"],
                          capture_output=True, text=True, check=True).stdout
    write(os.path.join(tmp, "mesh", "mesh.npl"), mesh)
    assert same_both_ways(["check", "mesh.npl", "--format", "json"], os.path.join(tmp, "mesh")) == 0
    same_both_ways(["build", "mesh.npl", "--dump-plan"], os.path.join(tmp, "mesh"))
    write(os.path.join(tmp, "broken", "mesh.npl"), mesh + "namespace late {\n  service a\n  a -> \n}\n")
    assert same_both_ways(["check", "mesh.npl", "--format", "json"], os.path.join(tmp, "broken")) == 1


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--root", required=True, type=os.path.abspath)
    ap.add_argument("--mesh-only", action="store_true")
    a = ap.parse_args()
    NPLC, ROOT = a.nplc, a.root
    if a.mesh_only:
        TESTS.remove(every_program_of_the_repository)
    main()
