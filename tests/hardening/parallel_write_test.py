#!/usr/bin/env python3
"""Output files are rendered (backends/policy_yaml.h, addPolicyFiles; the
docs target's namespace pages) and written (compiler/driver/output_writer.cpp,
writeStaged) on several threads when there are many; NPLC_THREADS forces the
count. A generated mesh of about 340 policies per target and 9 namespace
pages built for kubernetes, cilium and docs on 1, 2 and 8 threads gives the
same tree and the same warnings; a rebuild over it rewrites nothing; a file that cannot
be written in the middle of a threaded write leaves the folder exactly as it
was (every other temporary file removed); and whatever stands where a
temporary file goes is refused and left alone. A folder that does not exist
yet is written whole under a temporary name and renamed into place (the
Transaction's new trees): the same files as when the folders exist, nothing
left behind when a write fails, and a planted temporary folder refused.

  parallel_write_test.py --nplc PATH --root SOURCE_ROOT"""
import argparse
import os
import resource
import signal
import subprocess
import sys

from harness import main, snapshot, test, write

NPLC = ROOT = None


def build(args, cwd, threads):
    env = dict(os.environ, NPLC_THREADS=str(threads))
    p = subprocess.run([NPLC, "build", *args, "--color", "never"], cwd=cwd, capture_output=True, env=env, timeout=300)
    return p.returncode, p.stderr.decode("utf-8", "backslashreplace")


def mesh(tmp, lines=3000):
    text = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_mesh.py"), str(lines)],
                          capture_output=True, text=True, check=True).stdout
    return write(os.path.join(tmp, "src", "mesh.npl"), text)


def built_mesh(tmp):
    """The mesh's sources and the folder it was built into, on 8 threads."""
    src = mesh(tmp)
    out = os.path.join(tmp, "out")
    rc, err = build([src, "-o", out], tmp, 8)
    assert rc == 0, err
    return src, out


@test
def the_same_tree_on_any_number_of_threads(tmp):
    # NPLC_THREADS forces the threads, however few the files. 600 lines: the
    # docs target judges the access matrix of a small program pair by pair,
    # which is most of a build's time and nothing of this test's (1,500
    # lines took 71 s under the sanitizers, 600 take 22 s).
    src = mesh(tmp, 600)
    trees = []
    warnings = []
    for threads in (1, 2, 8):
        out = os.path.join(tmp, f"out{threads}")
        rc, err = build([src, "-o", out, "--target", "kubernetes,cilium,docs"], tmp, threads)
        assert rc == 0, err
        trees.append({k: v[3] for k, v in snapshot(out).items() if v[0] == "file"})
        warnings.append(err.replace(out, "OUT"))
    assert len(trees[0]) > 600 and "warning[W0001]" in warnings[0], (len(trees[0]), warnings[0][:200])
    assert trees[1] == trees[0] and trees[2] == trees[0], "the output depends on the number of threads"
    assert warnings[1] == warnings[0] and warnings[2] == warnings[0], "the warnings depend on the number of threads"
    # The manifest is written by every build; no other file may be.
    policies = lambda: {k: v for k, v in snapshot(os.path.join(tmp, "out8")).items() if k != ".nplc-manifest"}
    before = policies()
    rc, err = build([src, "-o", os.path.join(tmp, "out8"), "--target", "kubernetes,cilium,docs"], tmp, 8)
    assert rc == 0, err
    assert policies() == before, "a rebuild with the same output rewrote files"


@test
def a_failed_threaded_write_changes_nothing(tmp):
    src, out = built_mesh(tmp)
    # The edges on port 9000 move to 9100: 70 policy files change and are
    # written on 8 threads with the manifest. Files may not grow past 16 KB
    # (RLIMIT_FSIZE, SIGXFSZ ignored so that the write fails instead): every
    # policy file is written, the 60 KB manifest is not.
    write(src, open(src).read().replace(":9000", ":9100"))
    before = snapshot(tmp)

    env = dict(os.environ, NPLC_THREADS="8")
    p = subprocess.run([NPLC, "build", src, "-o", out, "--color", "never"], cwd=tmp, capture_output=True, env=env,
                       timeout=300, preexec_fn=small_files)
    err = p.stderr.decode("utf-8", "backslashreplace")
    assert p.returncode == 2 and ".nplc-manifest.nplc-tmp: cannot write" in err, (p.returncode, err[-500:])
    assert snapshot(tmp) == before, "a build that failed to write on several threads changed the folder"


@test
def what_stands_at_a_temporary_name_is_left_alone(tmp):
    src, out = built_mesh(tmp)
    changed = sorted(p for p, v in snapshot(out).items() if v[0] == "file" and b"9000" in v[3])
    write(src, open(src).read().replace(":9000", ":9100"))
    folder, name = os.path.split(os.path.join(out, changed[len(changed) // 2]))
    os.mkdir(os.path.join(folder, "." + name + ".nplc-tmp"))
    before = snapshot(tmp)
    rc, err = build([src, "-o", out], tmp, 8)
    assert rc == 2 and ".nplc-tmp: exists; nplc writes its temporary file there" in err, (rc, err[-500:])
    assert snapshot(tmp) == before, "a refused build changed the folder"


def small_files():
    """Files may not grow past 16 KB (SIGXFSZ ignored: the write fails)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))


def files_of(folder):
    return {k: v[3] for k, v in snapshot(folder).items() if v[0] == "file"}


@test
def new_folders_are_written_whole_and_renamed(tmp):
    src = mesh(tmp)
    fresh = os.path.join(tmp, "fresh")
    rc, err = build([src, "-o", fresh], tmp, 8)
    assert rc == 0, err
    # The same build into the same folders, made empty beforehand: every
    # file is written beside its place and renamed, as into an older output.
    existing = os.path.join(tmp, "existing")
    for folder, kind in ((k, v[0]) for k, v in snapshot(fresh).items()):
        if kind == "dir":
            os.makedirs(os.path.join(existing, folder), exist_ok=True)
    rc, err = build([src, "-o", existing], tmp, 8)
    assert rc == 0, err
    assert files_of(fresh) == files_of(existing), "a fresh build and one into existing folders differ"
    assert not [f for f in os.listdir(tmp) if "nplc-tmp" in f], os.listdir(tmp)
    # A fresh build that fails half-way (the manifest is larger than 16 KB)
    # leaves no folder and no temporary tree.
    before = snapshot(tmp)
    p = subprocess.run([NPLC, "build", src, "-o", os.path.join(tmp, "failed"), "--color", "never"], cwd=tmp,
                       capture_output=True, env=dict(os.environ, NPLC_THREADS="8"), timeout=300,
                       preexec_fn=small_files)
    assert p.returncode == 2, p.stderr[-500:]
    assert snapshot(tmp) == before, "a fresh build that failed left something behind"
    # A new namespace in an existing output: its folder is a new tree; a
    # failure leaves the output as it was.
    write(src, open(src).read() + "namespace added {\n  deny-all baseline\n  service a\n  a -> a:80\n}\n")
    before = snapshot(tmp)
    p = subprocess.run([NPLC, "build", src, "-o", fresh, "--color", "never"], cwd=tmp, capture_output=True,
                       env=dict(os.environ, NPLC_THREADS="8"), timeout=300, preexec_fn=small_files)
    assert p.returncode == 2, p.stderr[-500:]
    assert snapshot(tmp) == before, "a failed build with a new folder changed the output"
    rc, err = build([src, "-o", fresh], tmp, 8)
    assert rc == 0, err
    assert os.path.isdir(os.path.join(fresh, "kubernetes", "added")), sorted(os.listdir(os.path.join(fresh, "kubernetes")))[:5]
    # Something at the new tree's temporary name is refused and left alone.
    os.mkdir(os.path.join(tmp, ".planted.nplc-tmp"))
    before = snapshot(tmp)
    rc, err = build([src, "-o", os.path.join(tmp, "planted")], tmp, 8)
    assert rc == 2 and ".planted.nplc-tmp: exists; nplc writes its temporary file there" in err, (rc, err[-500:])
    assert snapshot(tmp) == before, "a refused build changed the folder"


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--root", required=True, type=os.path.abspath)
    a = ap.parse_args()
    NPLC, ROOT = a.nplc, a.root
    main()
