#!/usr/bin/env python3
"""Output safety: a failed build leaves the output folder exactly as it was;
pruning deletes only files in nplc's manifest; -o at a source folder (or
around it), at /, through a symlink that leaves its folder, or
at a file is refused with a clear error and nothing written.

  output_safety_test.py --nplc PATH"""
import argparse
import os

from harness import main, run_nplc, snapshot, test, write

NPLC = None
GOOD = "namespace shop {\n  deny-all baseline\n  service api\n  service db\n  api -> db:5432\n}\n"


def setup(tmp):
    src = os.path.join(tmp, "src")
    write(os.path.join(src, "shop.npl"), GOOD)
    out = os.path.join(tmp, "out")
    rc, err = run_nplc(NPLC, ["build", src, "-o", out])
    assert rc == 0, err
    return src, out


@test
def a_failed_build_changes_nothing(tmp):
    src, out = setup(tmp)
    write(os.path.join(out, "notes.txt"), "mine\n")
    before = snapshot(tmp)
    for bad in ["namespace shop {\n  service api\n  api -> dbb:80\n}\n",  # E0103
                "namespace shop {\n  service api\n",                     # E0001
                b"namespace \xff {}\n"]:                                   # E0002
        write(os.path.join(src, "shop.npl"), bad)
        before = snapshot(tmp)
        rc, err = run_nplc(NPLC, ["build", src, "-o", out])
        assert rc == 1 and "nothing written" in err, err
        assert snapshot(tmp) == before, "a failed build changed the folder"


@test
def an_io_failure_while_writing_changes_nothing(tmp):
    src, out = setup(tmp)
    # A new policy must be written into a folder that cannot take it: a file
    # stands where the folder of a new namespace goes.
    write(os.path.join(src, "more.npl"), "namespace zzz {\n  deny-all baseline\n}\n")
    write(os.path.join(out, "kubernetes", "zzz"), "in the way\n")
    before = snapshot(tmp)
    rc, err = run_nplc(NPLC, ["build", src, "-o", out])
    assert rc == 2, err
    assert snapshot(tmp) == before, "a build that failed to write changed the folder"


@test
def pruning_deletes_only_manifest_files(tmp):
    src, out = setup(tmp)
    mine = write(os.path.join(out, "kubernetes", "shop", "handmade.yaml"), "kind: Mine\n")
    write(os.path.join(src, "shop.npl"), "namespace shop {\n  deny-all baseline\n}\n")
    rc, err = run_nplc(NPLC, ["build", src, "-o", out])
    assert rc == 0, err
    left = sorted(os.listdir(os.path.join(out, "kubernetes", "shop")))
    assert left == ["default-deny-all.yaml", "handmade.yaml"], left
    assert open(mine).read() == "kind: Mine\n"


@test
def a_forged_manifest_never_leads_out_of_the_folder(tmp):
    src, out = setup(tmp)
    victim = write(os.path.join(tmp, "victim.txt"), "keep\n")
    outside = write(os.path.join(tmp, "elsewhere", "x.yaml"), "keep\n")
    os.symlink(os.path.join(tmp, "elsewhere"), os.path.join(out, "kubernetes", "link"))
    with open(os.path.join(out, ".nplc-manifest"), "a") as fh:
        fh.write("../victim.txt\n" + victim + "\nkubernetes/link/x.yaml\n")
    rc, err = run_nplc(NPLC, ["build", src, "-o", out])
    assert rc == 0, err
    assert open(victim).read() == "keep\n" and open(outside).read() == "keep\n"


@test
def never_writes_through_a_symlink_inside_the_output(tmp):
    src, out = setup(tmp)
    elsewhere = os.path.join(tmp, "elsewhere")
    os.makedirs(elsewhere)
    shop = os.path.join(out, "kubernetes", "shop")
    for f in os.listdir(shop):
        os.remove(os.path.join(shop, f))
    os.rmdir(shop)
    os.symlink(elsewhere, shop)
    before = snapshot(tmp)
    rc, err = run_nplc(NPLC, ["build", src, "-o", out])
    assert rc == 2 and "is a symlink" in err, err
    assert snapshot(tmp) == before and os.listdir(elsewhere) == []


def refused(tmp, args, out, cwd=None, why=""):
    before = snapshot(tmp)
    rc, err = run_nplc(NPLC, ["build", *args, "-o", out], cwd=cwd or tmp)
    assert rc == 2, f"-o {out}: exit {rc}\n{err}"
    assert "nplc: error: " in err and why in err, f"-o {out}: {err}"
    assert snapshot(tmp) == before, f"-o {out} changed the folder"


@test
def output_at_or_around_the_sources_is_refused(tmp):
    write(os.path.join(tmp, "proj", "src", "shop.npl"), GOOD)
    proj = os.path.join(tmp, "proj")
    refused(tmp, ["src"], "src", cwd=proj, why="is the source folder")
    refused(tmp, ["src"], "src/a/b/../..", cwd=proj, why="is the source folder")
    refused(tmp, ["src"], ".", cwd=proj, why="contains the source")
    refused(tmp, ["src"], "..", cwd=proj, why="contains the source")
    refused(tmp, ["src/shop.npl"], "src", cwd=proj, why="is the folder of the source")


@test
def output_inside_the_sources_works_and_is_never_read_as_sources(tmp):
    # The obvious build in a repository of .npl files: `nplc build . -o out`.
    proj = os.path.join(tmp, "proj")
    write(os.path.join(proj, "shop.npl"), GOOD)
    rc, err = run_nplc(NPLC, ["build", ".", "-o", "out"], cwd=proj)
    assert rc == 0, err
    assert os.path.exists(os.path.join(proj, "out", "kubernetes", "shop", "db-ingress.yaml"))
    # A .npl file inside the output folder (the one being written, or any
    # folder an earlier build wrote) is not a source: it would be a
    # duplicate declaration (E0105) if it were read.
    write(os.path.join(proj, "out", "stray.npl"), GOOD)
    write(os.path.join(proj, "old-out", ".nplc-manifest"), "")
    write(os.path.join(proj, "old-out", "copy.npl"), GOOD)
    rc, err = run_nplc(NPLC, ["build", ".", "-o", "out"], cwd=proj)
    assert rc == 0, err
    rc, err = run_nplc(NPLC, ["build", ".", "-o", "sub/out"], cwd=proj)
    assert rc == 0, err
    assert os.path.exists(os.path.join(proj, "sub", "out", "kubernetes", "shop", "db-ingress.yaml"))


@test
def output_at_root_or_a_file_is_refused(tmp):
    write(os.path.join(tmp, "src", "shop.npl"), GOOD)
    refused(tmp, ["src"], "/", why="root folder")
    refused(tmp, ["src"], "/..", why="root folder")
    write(os.path.join(tmp, "afile"), "x\n")
    refused(tmp, ["src"], "afile", why="is not a folder")


@test
def output_through_an_escaping_symlink_is_refused(tmp):
    write(os.path.join(tmp, "proj", "src", "shop.npl"), GOOD)
    os.makedirs(os.path.join(tmp, "outside"))
    proj = os.path.join(tmp, "proj")
    os.symlink(os.path.join(tmp, "outside"), os.path.join(proj, "out"))
    refused(tmp, ["src"], "out", cwd=proj, why="symlink")
    refused(tmp, ["src"], "out/sub", cwd=proj, why="symlink")
    refused(tmp, ["src"], os.path.join(proj, "out", "sub"), cwd=proj, why="symlink")
    # A link that stays inside its folder is fine.
    os.makedirs(os.path.join(proj, "real"))
    os.symlink("real", os.path.join(proj, "alias"))
    rc, err = run_nplc(NPLC, ["build", "src", "-o", "alias/k8s"], cwd=proj)
    assert rc == 0, err
    assert os.path.exists(os.path.join(proj, "real", "k8s", "kubernetes", "shop", "db-ingress.yaml"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    NPLC = ap.parse_args().nplc
    main()
