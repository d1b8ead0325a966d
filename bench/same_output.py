#!/usr/bin/env python3
"""Whether two output folders hold the same files with the same YAML
documents (read with PyYAML, compared as data; other files byte for byte).

  same_output.py DIR_A DIR_B"""
import os
import sys

import yaml


def files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)


def main():
    a, b = sys.argv[1], sys.argv[2]
    fa, fb = files(a), files(b)
    if fa != fb:
        print(f"different files: only in {a}: {sorted(set(fa) - set(fb))[:5]}, only in {b}: {sorted(set(fb) - set(fa))[:5]}")
        return 1
    for rel in fa:
        with open(os.path.join(a, rel), "rb") as x, open(os.path.join(b, rel), "rb") as y:
            ta, tb = x.read(), y.read()
        same = yaml.load(ta, Loader=yaml.CSafeLoader) == yaml.load(tb, Loader=yaml.CSafeLoader) if rel.endswith(".yaml") else ta == tb
        if not same:
            print(f"{rel} differs")
            return 1
    print(f"{len(fa)} files, the same")
    return 0


if __name__ == "__main__":
    sys.exit(main())
