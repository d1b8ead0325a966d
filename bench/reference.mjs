// The reference nplc is measured against (docs/performance.md): what a team
// could write in an afternoon. It builds, from plain data, the objects
// `nplc build mesh.npl -o OUT` writes for `python3 bench/gen_mesh.py LINES`
// (the Kubernetes target: the same NetworkPolicy objects, the same files, the
// same kustomization.yaml), dumps them with js-yaml and writes the files.
// No NPL is parsed and nothing is checked: a lower bound for any compiler.
//
//   node bench/reference.mjs LINES OUT
//
// js-yaml comes from tests/docs/node_modules (`npm ci` there). bench/table.py
// compares the two outputs structurally before timing them.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const yaml = createRequire(join(here, "../tests/docs/package.json"))("js-yaml");

const lines = Number(process.argv[2] ?? 100000);
const out = process.argv[3];
if (!out) throw new Error("usage: node bench/reference.mjs LINES OUT");
const source = "mesh.npl";
const perNs = 20;
const pad = (n, w) => String(n).padStart(w, "0");

// The mesh as gen_mesh.py writes it: namespaces, services and edges, with the
// line each comes from (the nplc.dev/source annotation).
const namespaces = [];
let line = 2;  // "use std/dns" and a blank line
while (line < lines) {
  const n = namespaces.length;
  const ns = { name: `team-${pad(n, 5)}`, team: `t${pad(n, 5)}`, edges: [] };
  line += 2;  // `namespace … {`, `labels`
  ns.denyLine = ++line;
  ns.dnsLine = ++line;
  line += perNs + 1;  // services, `external partners`
  for (let s = 0; s < perNs; s++) {
    ns.edges.push({ from: s, to: { ns: n, svc: (s + 1) % perNs }, port: 8000 + s, line: ++line });
    ns.edges.push({ from: s, to: { ns: n, svc: (s + 7) % perNs }, port: 9000 + s, line: ++line });
    if (n > 0) ns.edges.push({ from: s, to: { ns: n - 1, svc: s }, port: 443, line: ++line });
  }
  ns.edges.push({ from: 0, to: { partners: true }, port: 443, line: ++line });
  line += 2;  // the deny intent (no NetworkPolicy of its own) and `}`
  namespaces.push(ns);
}

const svcName = (s) => `svc-${pad(s, 2)}`;
const podSelector = (s) => ({ matchLabels: { app: svcName(s), tier: `t${s % 3}` } });
const peer = (ns, n, s) =>
  n === ns ? { podSelector: podSelector(s) } : { namespaceSelector: { matchLabels: { team: namespaces[n].team } }, podSelector: podSelector(s) };
const partners = { ipBlock: { cidr: "198.51.100.0/24", except: ["198.51.100.128/25"] } };

function policy(ns, name, line, spec) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name,
      namespace: ns.name,
      labels: { "app.kubernetes.io/managed-by": "nplc" },
      annotations: { "nplc.dev/source": `${source}:${line}` },
    },
    spec,
  };
}

// Edges with the same port share a rule, in the order of their first edge.
function rules(edges, key, peerOf) {
  const byPort = new Map();
  for (const e of edges) {
    if (!byPort.has(e.port)) byPort.set(e.port, { [key]: [], ports: [{ protocol: "TCP", port: e.port }] });
    byPort.get(e.port)[key].push(peerOf(e));
  }
  return [...byPort.values()];
}

const files = new Map();
for (const [n, ns] of namespaces.entries()) {
  const policies = [];
  policies.push(policy(ns, "default-deny-all", ns.denyLine, { podSelector: {}, policyTypes: ["Ingress", "Egress"] }));
  const dnsPeer = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } };
  policies.push(policy(ns, "allow-dns", ns.dnsLine, {
    podSelector: {}, policyTypes: ["Egress"],
    egress: [{ to: [dnsPeer], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
  }));
  // Edges into this namespace's services: its own, then the next namespace's.
  const incoming = ns.edges.filter((e) => e.to.ns === n).map((e) => ({ ...e, fromNs: n }));
  if (n + 1 < namespaces.length) {
    for (const e of namespaces[n + 1].edges) if (e.to.ns === n) incoming.push({ ...e, fromNs: n + 1 });
  }
  for (let s = 0; s < perNs; s++) {
    const out = ns.edges.filter((e) => e.from === s);
    policies.push(policy(ns, `${svcName(s)}-egress`, out[0].line, {
      podSelector: podSelector(s), policyTypes: ["Egress"],
      egress: rules(out, "to", (e) => (e.to.partners ? partners : peer(n, e.to.ns, e.to.svc))),
    }));
    const into = incoming.filter((e) => e.to.svc === s);
    policies.push(policy(ns, `${svcName(s)}-ingress`, into[0].line, {
      podSelector: podSelector(s), policyTypes: ["Ingress"],
      ingress: rules(into, "from", (e) => peer(n, e.fromNs, e.from)),
    }));
  }
  for (const p of policies) files.set(`kubernetes/${ns.name}/${p.metadata.name}.yaml`, p);
}

const paths = [...files.keys()].sort();
const resources = paths.map((p) => p.slice("kubernetes/".length));
mkdirSync(join(out, "kubernetes"), { recursive: true });
for (const ns of namespaces) mkdirSync(join(out, "kubernetes", ns.name), { recursive: true });
for (const p of paths) writeFileSync(join(out, p), yaml.dump(files.get(p), { lineWidth: -1, noRefs: true }));
writeFileSync(join(out, "kubernetes/kustomization.yaml"),
  "# Generated by nplc. Do not edit.\n" +
  yaml.dump({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources }, { lineWidth: -1 }));
writeFileSync(join(out, ".nplc-manifest"),
  "# Files written by nplc; it removes them when they are no longer generated.\n" +
  ["kubernetes/kustomization.yaml", ...paths].sort().join("\n") + "\n");
