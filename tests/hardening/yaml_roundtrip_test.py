#!/usr/bin/env python3
"""Generated YAML read back the way Kubernetes reads it (YAML 1.1: PyYAML's
SafeLoader) must equal the model it came from (tests/hardening/model_dump):
policy names, namespaces, source annotations, pod selectors and policy types
exactly; every peer selector, CIDR, named port and port number of the rules
must be one the model holds; every scalar a string except port and endPort,
which are integers (and a ClusterNetworkPolicy's priority and port numbers).
Runs over every example, every ok/warn golden case and
tests/hardening/cases/.

  yaml_roundtrip_test.py --nplc NPLC --dump MODEL_DUMP --root SOURCE_ROOT"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import yaml

from harness import cluster_target

INTS = {"port", "endPort"}
# ClusterNetworkPolicy integers: the priority and destination ports.
CNP_INTS = {"priority", "number", "start", "end"}


def canon(sel):
    reqs = [[k, "In", [v]] for k, v in (sel.get("matchLabels") or {}).items()]
    for e in sel.get("matchExpressions") or []:
        reqs.append([e["key"], e["operator"], sorted(e.get("values") or [])])
    return sorted(reqs)


def walk(node, path, problems, ints=INTS):
    """Every scalar is a str, except `ints` (port/endPort)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if not isinstance(k, str):
                problems.append(f"{path}: key {k!r} is read as {type(k).__name__}")
            walk(v, f"{path}.{k}", problems, ints)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, f"{path}[{i}]", problems, ints)
    else:
        leaf = path.rsplit(".", 1)[-1]
        want = int if leaf in ints and not isinstance(node, str) else str
        if leaf == "port" and isinstance(node, str):
            want = str  # a named port
        if type(node) is not want:
            problems.append(f"{path}: {node!r} is read as {type(node).__name__}")


def check_program(nplc, dump, root, folder, tmp):
    problems = []
    out = os.path.join(tmp, "out")
    targets = cluster_target(root, folder)
    b = subprocess.run([nplc, "build", ".", "-o", out, *targets], cwd=folder, capture_output=True, text=True)
    if b.returncode != 0:
        return [f"build failed: {b.stderr}"]
    d = subprocess.run([dump, *targets, "."], cwd=folder, capture_output=True, text=True)
    if d.returncode != 0:
        return [f"model_dump failed: {d.stderr}"]
    model = json.loads(d.stdout)
    selectors = {json.dumps(s) for s in model["selectors"]}
    cidrs, named, ports = set(model["cidrs"]), set(model["namedPorts"]), set(model["ports"])
    by_name = {(p["namespace"], p["name"]): p for p in model["policies"]}
    seen = set()
    kdir = os.path.join(out, "kubernetes")
    for dirpath, _, files in os.walk(kdir):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, kdir)
            with open(path) as fh:
                docs = list(yaml.load_all(fh, Loader=yaml.SafeLoader))
            for doc in docs:
                walk(doc, rel, problems)
                if f == "kustomization.yaml":
                    continue
                meta, spec = doc["metadata"], doc["spec"]
                key = (meta["namespace"], meta["name"])
                want = by_name.get(key)
                if want is None:
                    problems.append(f"{rel}: policy {key} is not in the model")
                    continue
                seen.add(key)
                if rel != f"{meta['namespace']}/{meta['name']}.yaml":
                    problems.append(f"{rel}: file name does not match {key}")
                if meta["annotations"]["nplc.dev/source"] != want["source"]:
                    problems.append(f"{rel}: source {meta['annotations']['nplc.dev/source']!r} != {want['source']!r}")
                if canon(spec["podSelector"]) != want["podSelector"]:
                    problems.append(f"{rel}: podSelector {canon(spec['podSelector'])} != {want['podSelector']}")
                if spec["policyTypes"] != want["policyTypes"]:
                    problems.append(f"{rel}: policyTypes {spec['policyTypes']} != {want['policyTypes']}")
                for direction, side in (("ingress", "from"), ("egress", "to")):
                    for rule in spec.get(direction) or []:
                        for peer in rule.get(side) or []:
                            for sk in ("podSelector", "namespaceSelector"):
                                if sk in peer and json.dumps(canon(peer[sk])) not in selectors:
                                    problems.append(f"{rel}: {sk} {canon(peer[sk])} is no selector of the model")
                            if "ipBlock" in peer:
                                for c in [peer["ipBlock"]["cidr"], *peer["ipBlock"].get("except", [])]:
                                    if c not in cidrs:
                                        problems.append(f"{rel}: CIDR {c!r} is not in the model")
                        for port in rule.get("ports") or []:
                            for k in ("port", "endPort"):
                                if k not in port:
                                    continue
                                v = port[k]
                                if not ((isinstance(v, str) and v in named) or (isinstance(v, int) and v in ports)):
                                    problems.append(f"{rel}: {k} {v!r} is not in the model")
    # ClusterNetworkPolicy objects: the scalars' types (their content is the
    # evaluator's to judge: tests/unit/eval, tests/conformance).
    for dirpath, _, files in os.walk(os.path.join(out, "cluster-network-policy")):
        for f in sorted(files):
            with open(os.path.join(dirpath, f)) as fh:
                for doc in yaml.load_all(fh, Loader=yaml.SafeLoader):
                    walk(doc, "cluster-network-policy/" + f, problems, CNP_INTS if f != "kustomization.yaml" else INTS)
    for key in set(by_name) - seen:
        problems.append(f"policy {key} of the model was not written")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nplc", required=True, type=os.path.abspath)
    ap.add_argument("--dump", required=True, type=os.path.abspath)
    ap.add_argument("--root", required=True, type=os.path.abspath)
    a = ap.parse_args()
    folders = []
    for group, keep in (("examples", lambda n: True),
                        ("tests/golden/cases", lambda n: n.startswith(("ok-", "warn-"))),
                        ("tests/hardening/cases", lambda n: True)):
        base = os.path.join(a.root, group)
        folders += [os.path.join(base, n) for n in sorted(os.listdir(base)) if keep(n)]
    passed = failed = 0
    for folder in folders:
        with tempfile.TemporaryDirectory() as tmp:
            problems = check_program(a.nplc, a.dump, a.root, folder, tmp)
        name = os.path.relpath(folder, a.root)
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems[:20]:
                print("  " + p)
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
