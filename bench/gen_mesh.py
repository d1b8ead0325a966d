#!/usr/bin/env python3
"""Writes a synthetic mesh of about LINES lines of NPL (default 100k) to stdout:
namespaces of 20 services each, with a baseline, DNS, and edges inside and
across namespaces. Deterministic (no randomness), so runs compare."""
import sys

lines = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
per_ns = 20
out = ["use std/dns", ""]
ns = 0
while len(out) < lines:
    name = f"team-{ns:05d}"
    out.append(f"namespace {name} {{")
    out.append(f"  labels {{ team: t{ns:05d} }}")
    out.append("  deny-all baseline")
    out.append("  allow dns")
    for s in range(per_ns):
        out.append(f"  service svc-{s:02d} {{ app: svc-{s:02d}, tier: t{s % 3} }}")
    out.append("  external partners = 198.51.100.0/24 except 198.51.100.128/25")
    for s in range(per_ns):
        out.append(f"  svc-{s:02d} -> svc-{(s + 1) % per_ns:02d}:{8000 + s}")
        out.append(f"  svc-{s:02d} -> svc-{(s + 7) % per_ns:02d}:{9000 + s} GET /api/v1/items/*")
        if ns > 0:
            out.append(f"  svc-{s:02d} -> team-{ns - 1:05d}/svc-{s:02d}:443")
    out.append("  svc-00 -> partners:443")
    out.append("  deny svc-03 -> svc-04:22")
    out.append("}")
    ns += 1
print("\n".join(out))
