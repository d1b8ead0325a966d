#!/usr/bin/env python3
"""A large Hubble capture for `nplc check --flows` on examples/shop: FLOWS
lines of `hubble observe -o json` (docs/flows.md), cycling through the
shop's real connections (HTTP requests with varying paths, database, DNS,
the internet), their replies, replicas of each workload and, one flow in
1,000, a connection the policies deny. Deterministic (no randomness), so
that two runs read the same capture.

    python3 bench/gen_flows.py 1000000 > /tmp/flows.json
    /usr/bin/time -v build/nplc check examples/shop --target kubernetes,cilium --flows /tmp/flows.json
"""
import json
import sys


def endpoint(ns, pod, labels):
    return {"namespace": ns, "pod_name": pod,
            "labels": ["k8s:" + l for l in labels] + ["k8s:io.kubernetes.pod.namespace=" + ns]}


def main() -> int:
    flows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
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
        f = {"time": "2026-12-01T%02d:%02d:%02d.%06dZ" % (n // 3_600_000 % 24, n // 60_000 % 60, n // 1000 % 60, n % 1000 * 1000),
             "verdict": "FORWARDED",
             "IP": {"source": "10.244.1.%d" % (n % 250 + 1), "destination": dip, "ipVersion": "IPv4"},
             "l4": {proto: {"source_port": 30000 + n % 30000, "destination_port": port}},
             "source": src, "destination": dst, "Type": "L7" if kind == 0 else "L3_L4",
             "traffic_direction": "EGRESS", "is_reply": reply}
        if kind == 0 and not reply:
            f["l7"] = {"type": "REQUEST", "http": {"method": "GET", "url": "http://api:8080/api/v1/users/%d" % (n % 10)}}
        if kind >= 3:
            f["destination_names"] = ["example.com"]
        out.write(json.dumps({"flow": f, "node_name": "bench", "time": f["time"]}, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
