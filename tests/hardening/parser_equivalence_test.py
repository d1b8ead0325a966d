#!/usr/bin/env python3
"""nplc parses with its direct parser (compiler/syntax/direct_parser.h) and
falls back to ANTLR's when it declines a text; the result must not depend on
which one read it. NPLC_PARSER=antlr makes ANTLR's parser read every file
(on 8 threads, NPLC_THREADS=8, each with its own prediction cache); for every
example and every golden case (errors included), `nplc check`'s JSON
diagnostics and exit code, `nplc fmt`'s text of each file, and for programs
that compile the plan (`build --dump-plan`) and the list of expectations
(`test --format junit`), must be the same both ways. So must a generated
mesh's, and a big file with a syntax error in its last statement. The unit
tests compare the two parsers' ASTs (tests/unit/syntax/direct_parser_test.cpp);
this compares everything nplc makes of them.

  parser_equivalence_test.py --nplc PATH --root SOURCE_ROOT [--mesh-only]

--mesh-only (the sanitizer build, where the golden cases run already) keeps
the generated mesh and the late syntax error.
The files of a many-file program are also parsed ahead on 8 threads, which
must not change anything either (many_files_parsed_on_every_core)."""
import argparse
import os
import subprocess
import sys

from harness import TESTS, cluster_target, main, test, write

NPLC = ROOT = None


def run(args, cwd, antlr, stdin):
    env = dict(os.environ)
    env.pop("NPLC_PARSER", None)
    env["NPLC_THREADS"] = "1"
    if antlr:
        env["NPLC_PARSER"] = "antlr"
        env["NPLC_THREADS"] = "8"
    with open(stdin or os.devnull, "rb") as fh:
        p = subprocess.run([NPLC, *args], cwd=cwd, capture_output=True, env=env, stdin=fh, timeout=120)
    return p.returncode, p.stdout, p.stderr


def same_both_ways(args, cwd, stdin=None):
    direct, antlr = run(args, cwd, False, stdin), run(args, cwd, True, stdin)
    assert direct == antlr, f"{cwd}: `nplc {' '.join(args)}` differs when ANTLR's parser reads the files:\n" \
                            f"direct: {direct[0]} {direct[2][-800:]!r}\nantlr: {antlr[0]} {antlr[2][-800:]!r}"
    return direct[0]


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


def one_by_one_and_on_8_threads(args, cwd):
    """The files of a many-file program are parsed ahead on every core
    (compiler/load/loader.cpp, preparse); NPLC_THREADS=1 parses them one by one."""
    out = []
    for threads in ("1", "8"):
        env = dict(os.environ, NPLC_THREADS=threads)
        env.pop("NPLC_PARSER", None)
        p = subprocess.run([NPLC, *args], cwd=cwd, capture_output=True, env=env, timeout=120)
        out.append((p.returncode, p.stdout, p.stderr))
    assert out[0] == out[1], f"{cwd}: `nplc {' '.join(args)}` differs when its files are parsed on 8 threads:\n" \
                             f"one: {out[0][0]} {out[0][2][-800:]!r}\neight: {out[1][0]} {out[1][2][-800:]!r}"
    return out[0][0]


@test
def many_files_parsed_on_every_core(tmp):
    """One namespace per file, each with `use std/dns` (the FileIds of the
    files are predicted from their `use`s), then the cases where the
    prediction is wrong or stops: a file whose syntax error hides its `use`,
    a file that uses another file of the project, a file given twice, a
    missing file, a file that is not UTF-8, and errors of sema in several
    files. Diagnostics (their order included) and the plan must not change."""
    mesh = os.path.join(tmp, "mesh")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_mesh.py"), "3000", "--files", mesh,
                    "--per-file", "1"], capture_output=True, check=True)
    files = sorted(f for f in os.listdir(mesh) if f.endswith(".npl"))
    assert len(files) > 20, files
    assert one_by_one_and_on_8_threads(["check", ".", "--format", "json"], mesh) == 0
    one_by_one_and_on_8_threads(["build", ".", "--dump-plan"], mesh)
    # Errors everywhere, in files parsed ahead and in files parsed again.
    def edit(name, text):
        with open(os.path.join(mesh, name), "a") as fh:
            fh.write(text)
    with open(os.path.join(mesh, files[3]), "r+") as fh:                        # its uses are not read: the
        text = fh.read()                                                        # files after it get other ids
        fh.seek(0)
        fh.write("use std/kubernetes\n" + text + "namespace broken-3 {\n  service a\n  a -> \n}\n")
    edit(files[5], "namespace bad-5 {\n  service a\n  a -> nowhere:80\n}\n")  # E0103
    edit(files[6], "namespace broken-6 {\n  service a {\n}\n")                 # parsed ahead as another id
    write(os.path.join(mesh, "shared", "common.npl"), "external office = 203.0.113.0/24\n")
    with open(os.path.join(mesh, files[8]), "r+") as fh:
        text = fh.read()
        fh.seek(0)
        fh.write('use "shared/common.npl"\n' + text)                              # prediction stops here
    edit(files[12], "namespace bad-12 {\n  service b\n  b -> missing:80\n}\n")
    with open(os.path.join(mesh, "zz-latin1.npl"), "wb") as fh:
        fh.write(b"namespace caf\xe9 {}\n")                                      # E0002
    args = ["check", *files, files[2], "missing.npl", "zz-latin1.npl", "--format", "json"]
    assert one_by_one_and_on_8_threads(args, mesh) != 0
    assert one_by_one_and_on_8_threads(["check", ".", "--format", "json"], mesh) == 1
    # Without the syntax errors (which stop the compilation after parsing).
    for name, broken in ((files[3], "namespace broken-3"), (files[6], "namespace broken-6")):
        with open(os.path.join(mesh, name), "r+") as fh:
            text = fh.read()
            fh.seek(0)
            fh.truncate()
            fh.write(text[:text.index(broken)])
    os.remove(os.path.join(mesh, "zz-latin1.npl"))
    assert one_by_one_and_on_8_threads(["check", ".", "--format", "json"], mesh) == 1
    one_by_one_and_on_8_threads(["check", *files, "--format", "json"], mesh)
    print(f"     {len(files)} files, clean and with errors")


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
