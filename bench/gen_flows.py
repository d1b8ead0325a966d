#!/usr/bin/env python3
"""A large Hubble capture for `nplc check --flows` on examples/shop: FLOWS
lines of `hubble observe -o json` (docs/flows.md), cycling through the
shop's real connections (HTTP requests with varying paths, database, DNS,
the internet), their replies, replicas of each workload and, one flow in
1,000, a connection the policies deny. Deterministic (no randomness), so
that two runs read the same capture.

    python3 bench/gen_flows.py 1000000 > /tmp/flows.json
    /usr/bin/time -v build/nplc check examples/shop --target kubernetes,cilium --flows /tmp/flows.json

With --connections N, the capture is of the mesh of `gen_mesh.py LINES`
(--mesh-lines, default 2000) instead: the flows cycle through every edge of
the mesh (HTTP requests on its HTTP edges), each source workload in
ceil(N / edges) versions (a `version` label the services' selectors ignore),
so that the capture folds into about N distinct connections, all allowed:

    python3 bench/gen_mesh.py 2000 > /tmp/mesh.npl
    python3 bench/gen_flows.py 1000000 --connections 100000 > /tmp/flows.json
    /usr/bin/time -v build/nplc check /tmp/mesh.npl --target kubernetes,cilium --flows /tmp/flows.json
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_mesh  # noqa: E402


def endpoint(ns, pod, labels):
    return {"namespace": ns, "pod_name": pod,
            "labels": ["k8s:" + l for l in labels] + ["k8s:io.kubernetes.pod.namespace=" + ns]}


def line(f):
    return json.dumps({"flow": f, "node_name": "bench", "time": f["time"]}, separators=(",", ":")) + "\n"


def stamp(n):
    return "2026-12-01T%02d:%02d:%02d.%06dZ" % (n // 3_600_000 % 24, n // 60_000 % 60, n // 1000 % 60, n % 1000 * 1000)


EDGE = re.compile(r"^  (svc-\d+) -> (?:(team-\d+)/)?(svc-\d+):(\d+)( GET /\S+)?$")


def mesh_capture(flows, connections, mesh_lines, out):
    """Flows over the edges of gen_mesh's mesh, in ceil(connections / edges) versions of each source."""
    edges = []
    for block in gen_mesh.mesh(mesh_lines):
        ns = block[0].split()[1]
        for text in block:
            m = EDGE.match(text)
            if m:
                edges.append((ns, m.group(1), m.group(2) or ns, m.group(3), int(m.group(4)), bool(m.group(5))))
    versions = -(-connections // len(edges))

    def pod(ns, svc, version):
        s = int(svc.split("-")[1])
        return {"namespace": ns, "pod_name": f"{svc}-v{version}-0",
                "labels": [f"k8s:app={svc}", f"k8s:tier=t{s % 3}", f"k8s:version=v{version}",
                           "k8s:io.kubernetes.pod.namespace=" + ns]}

    for n in range(flows):
        src_ns, src, dst_ns, dst, port, http = edges[n % len(edges)]
        version = n // len(edges) % versions
        reply = n % 7 == 0
        f = {"time": stamp(n), "verdict": "FORWARDED",
             "IP": {"source": "10.%d.%d.%d" % (version % 250, n % 250, 1 + n % 200), "destination": "10.250.0.1"},
             "l4": {"TCP": {"source_port": 30000 + n % 30000, "destination_port": port}},
             "source": pod(src_ns, src, version), "destination": pod(dst_ns, dst, 0),
             "Type": "L7" if http else "L3_L4", "traffic_direction": "EGRESS", "is_reply": reply}
        if http and not reply:
            f["l7"] = {"type": "REQUEST", "http": {"method": "GET", "url": "http://%s:%d/api/v1/items/%d" % (dst, port, n % 10)}}
        out.write(line(f))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("flows", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--connections", type=int, help="flows over gen_mesh's mesh, folding into about this many connections")
    ap.add_argument("--mesh-lines", type=int, default=2000, help="with --connections: the mesh's size (gen_mesh.py LINES)")
    args = ap.parse_args()
    if args.connections:
        mesh_capture(args.flows, args.connections, args.mesh_lines, sys.stdout)
        return 0
    flows = args.flows
    web = [endpoint("frontend", f"web-gateway-{i}", ["app=web-gateway"]) for i in range(20)]
    api = [endpoint("production", f"api-{i}", ["app=api"]) for i in range(20)]
    db = [endpoint("production", f"database-{i}", ["app=postgres", "tier=data"]) for i in range(3)]
    dns = endpoint("kube-system", "coredns-0", ["k8s-app=kube-dns"])
    world = {"labels": ["reserved:world"]}
    out = sys.stdout
    for n in range(flows):
        kind = n % 5
        reply = n % 7 == 0
        if n % 1000 == 999:
            src, dst, proto, port, dip = web[n % 20], db[n % 3], "TCP", 5432, "10.244.3.30"
        elif kind == 0:
            src, dst, proto, port, dip = web[n % 20], api[n % 20], "TCP", 8080, "10.244.2.20"
        elif kind == 1:
            src, dst, proto, port, dip = api[n % 20], db[n % 3], "TCP", 5432, "10.244.3.30"
        elif kind == 2:
            src, dst, proto, port, dip = api[n % 20], dns, "UDP", 53, "10.244.0.5"
        else:
            src, dst, proto, port, dip = api[n % 20], world, "TCP", 443, "93.184.216.%d" % (n % 200 + 1)
        f = {"time": stamp(n),
             "verdict": "FORWARDED",
             "IP": {"source": "10.244.1.%d" % (n % 250 + 1), "destination": dip, "ipVersion": "IPv4"},
             "l4": {proto: {"source_port": 30000 + n % 30000, "destination_port": port}},
             "source": src, "destination": dst, "Type": "L7" if kind == 0 else "L3_L4",
             "traffic_direction": "EGRESS", "is_reply": reply}
        if kind == 0 and not reply:
            f["l7"] = {"type": "REQUEST", "http": {"method": "GET", "url": "http://api:8080/api/v1/users/%d" % (n % 10)}}
        if kind >= 3:
            f["destination_names"] = ["example.com"]
        out.write(line(f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
