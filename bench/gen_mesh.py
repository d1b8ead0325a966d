#!/usr/bin/env python3
"""Writes a synthetic mesh of about LINES lines of NPL (default 100k):
namespaces of 20 services each, with a baseline, DNS, and edges inside and
across namespaces. Deterministic (no randomness), so runs compare.

  gen_mesh.py [LINES]                     one program on stdout
  gen_mesh.py LINES --files DIR [--per-file N]
                                          DIR/ns-00000.npl, ...: N namespaces
                                          per file (default 1, as teams do)
  gen_mesh.py LINES --shape SHAPE         a stress shape instead of the mesh:
    hub       one service called by LINES services (one caller per line)
    wildcard  one hub called from LINES/6 `ns/*` sources, one namespace
              each (whose service also calls the hub)
    wide      LINES/2 services in one namespace, each calling the next
    isolated  LINES/3 services in one namespace, each with `deny-all egress`
              of its own and calling the next (no egress baseline: each
              service's enforcement is its own)
"""
import argparse
import os

PER_NS = 20


def mesh_namespace(ns):
    name = f"team-{ns:05d}"
    out = [f"namespace {name} {{",
           f"  labels {{ team: t{ns:05d} }}",
           "  deny-all baseline",
           "  allow dns"]
    for s in range(PER_NS):
        out.append(f"  service svc-{s:02d} {{ app: svc-{s:02d}, tier: t{s % 3} }}")
    out.append("  external partners = 198.51.100.0/24 except 198.51.100.128/25")
    for s in range(PER_NS):
        out.append(f"  svc-{s:02d} -> svc-{(s + 1) % PER_NS:02d}:{8000 + s}")
        out.append(f"  svc-{s:02d} -> svc-{(s + 7) % PER_NS:02d}:{9000 + s} GET /api/v1/items/*")
        if ns > 0:
            out.append(f"  svc-{s:02d} -> team-{ns - 1:05d}/svc-{s:02d}:443")
    out.append("  svc-00 -> partners:443")
    out.append("  deny svc-03 -> svc-04:22")
    out.append("}")
    return out


def mesh(lines):
    """The namespaces (each a list of lines) of a mesh of about `lines` lines."""
    blocks, total, ns = [], 2, 0
    while total < lines:
        blocks.append(mesh_namespace(ns))
        total += len(blocks[-1])
        ns += 1
    return blocks


def hub(lines):
    out = ["namespace core {", "  deny-all baseline", "  service hub { app: hub }"]
    for i in range(lines):
        out.append(f"  service c{i:06d} {{ app: c{i:06d} }}")
    for i in range(lines):
        out.append(f"  c{i:06d} -> hub:443")
    out.append("}")
    return [out]


def wildcard(lines):
    count = max(1, lines // 6)
    core = ["namespace core {", "  deny-all baseline", "  service hub { app: hub }"]
    core += [f"  team-{i:05d}/* -> hub:443" for i in range(count)]
    blocks = [core + ["}"]]
    for i in range(count):
        blocks.append([f"namespace team-{i:05d} {{", "  deny-all baseline",
                       "  service svc { app: svc }", "  svc -> core/hub:443", "}"])
    return blocks


def wide(lines):
    count = max(2, lines // 2)
    out = ["namespace wide {", "  deny-all baseline"]
    for i in range(count):
        out.append(f"  service s{i:06d} {{ app: s{i:06d} }}")
    for i in range(count - 1):
        out.append(f"  s{i:06d} -> s{i + 1:06d}:8080")
    out.append("}")
    return [out]


def isolated(lines):
    count = max(2, lines // 3)
    out = ["namespace isolated {", "  deny-all ingress baseline"]
    out += [f"  service s{i:06d} {{ app: s{i:06d} }}" for i in range(count)]
    out += [f"  deny-all egress s{i:06d}" for i in range(count)]
    out += [f"  s{i:06d} -> s{i + 1:06d}:8080" for i in range(count - 1)]
    out.append("}")
    return [out]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lines", nargs="?", type=int, default=100_000)
    ap.add_argument("--files", metavar="DIR")
    ap.add_argument("--per-file", type=int, default=1)
    ap.add_argument("--shape", choices=["mesh", "hub", "wildcard", "wide", "isolated"], default="mesh")
    args = ap.parse_args()
    blocks = {"mesh": mesh, "hub": hub, "wildcard": wildcard, "wide": wide, "isolated": isolated}[args.shape](args.lines)
    header = ["use std/dns", ""] if args.shape == "mesh" else []
    if not args.files:
        print("\n".join(header + [line for block in blocks for line in block]))
        return
    os.makedirs(args.files, exist_ok=True)
    for first in range(0, len(blocks), args.per_file):
        lines = header + [line for block in blocks[first:first + args.per_file] for line in block]
        with open(os.path.join(args.files, f"ns-{first:05d}.npl"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
