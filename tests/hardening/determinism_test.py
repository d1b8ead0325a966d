#!/usr/bin/env python3
"""Determinism: two builds of the same program, and builds with the input
files given in other orders (and one folder against its files), write
byte-identical trees. Runs over every example and every multi-file golden case.

  determinism_test.py --nplc PATH --root SOURCE_ROOT"""
import argparse
import os
import random

from harness import cluster_target, main, run_nplc, test

NPLC = ROOT = None


def tree(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root)] = open(p, "rb").read()
    return out


def programs():
    found = []
    for group in ("examples", "tests/golden/cases"):
        for name in sorted(os.listdir(os.path.join(ROOT, group))):
            folder = os.path.join(ROOT, group, name)
            if group != "examples" and not (name.startswith("ok-") or name.startswith("warn-")):
                continue
            files = sorted(f for f in os.listdir(folder) if f.endswith(".npl"))
            if files:
                found.append((folder, files))
    return found


@test
def same_bytes_every_time_and_in_any_order(tmp):
    rng = random.Random(7)
    checked = 0
    for folder, files in programs():
        orders = [["."], list(files), list(reversed(files))]
        for _ in range(2):
            shuffled = list(files)
            rng.shuffle(shuffled)
            orders.append(shuffled)
        orders.append(["."])  # the same build twice
        trees = []
        for i, order in enumerate(orders):
            out = os.path.join(tmp, f"{checked}-{i}")
            rc, err = run_nplc(NPLC, ["build", *order, "-o", out, *cluster_target(ROOT, folder)], cwd=folder)
            assert rc == 0, f"{folder} {order}: {err}"
            trees.append(tree(out))
        for order, t in zip(orders[1:], trees[1:]):
            assert t == trees[0], f"{folder}: the output with inputs {order} differs from the first build"
        checked += 1
    assert checked >= 10, checked
    print(f"     {checked} programs, {len(orders)} builds each")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--root", required=True, type=os.path.abspath)
    a = ap.parse_args()
    NPLC, ROOT = a.nplc, a.root
    main()
