// The reference nplc is measured against (docs/performance.md): what a team
// could write in an afternoon. It builds, from plain data, the objects
// `nplc build mesh.npl -o OUT` writes for `python3 bench/gen_mesh.py LINES`
// (the Kubernetes target: the same NetworkPolicy objects, the same files, the
// same kustomization.yaml; with --cilium, also the Cilium target's
// CiliumNetworkPolicy objects, as `--target kubernetes,cilium` writes them),
// dumps them with js-yaml and writes the files. No NPL is parsed and nothing
// is checked: a lower bound for any compiler.
//
//   node bench/reference.mjs LINES OUT [--cilium]
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
const withCilium = process.argv.includes("--cilium");
if (!out) throw new Error("usage: node bench/reference.mjs LINES OUT [--cilium]");
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
    ns.edges.push({ from: s, to: { ns: n, svc: (s + 7) % perNs }, port: 9000 + s, http: true, line: ++line });
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

function policy(ns, name, line, spec, kind = "NetworkPolicy", apiVersion = "networking.k8s.io/v1") {
  return {
    apiVersion,
    kind,
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

// Edges into namespace n's services: its own, then the next namespace's.
function incomingOf(n) {
  const incoming = namespaces[n].edges.filter((e) => e.to.ns === n).map((e) => ({ ...e, fromNs: n }));
  if (n + 1 < namespaces.length) {
    for (const e of namespaces[n + 1].edges) if (e.to.ns === n) incoming.push({ ...e, fromNs: n + 1 });
  }
  return incoming;
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
  const incoming = incomingOf(n);
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

// The Cilium target: the same policies, one rule per peer and port group
// (endpoints and CIDRs are separate rules), HTTP routes as regexps, other
// namespaces by Cilium's namespace-label key, DNS by the pod-namespace key.
const cilium = (ns, name, line, spec) => policy(ns, name, line, spec, "CiliumNetworkPolicy", "cilium.io/v2");
const ciliumLabels = (ns, n, s) =>
  n === ns ? podSelector(s) : { matchLabels: { "k8s:io.cilium.k8s.namespace.labels.team": namespaces[n].team, ...podSelector(s).matchLabels } };
function ciliumRules(edges, peerOf) {
  const byPort = new Map();
  for (const e of edges) {
    if (!byPort.has(e.port)) byPort.set(e.port, []);
    byPort.get(e.port).push(e);
  }
  const out = [];
  for (const [port, group] of byPort) {
    for (const e of group) {
      const toPorts = [{ ports: [{ port: String(port), protocol: "TCP" }] }];
      if (e.http) toPorts[0].rules = { http: [{ method: "GET", path: "/api/v1/items/.*" }] };
      out.push({ ...peerOf(e), toPorts });
    }
  }
  return out;
}
if (withCilium) {
  for (const [n, ns] of namespaces.entries()) {
    const policies = [];
    policies.push(cilium(ns, "default-deny-all", ns.denyLine, { endpointSelector: {}, ingress: [{}], egress: [{}] }));
    policies.push(cilium(ns, "allow-dns", ns.dnsLine, {
      endpointSelector: {},
      egress: [{
        toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns" } }],
        toPorts: [{ ports: [{ port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }] }],
      }],
    }));
    const incoming = incomingOf(n);
    for (let s = 0; s < perNs; s++) {
      const outgoing = ns.edges.filter((e) => e.from === s);
      policies.push(cilium(ns, `${svcName(s)}-egress`, outgoing[0].line, {
        endpointSelector: podSelector(s),
        egress: ciliumRules(outgoing, (e) => (e.to.partners
          ? { toCIDRSet: [{ cidr: partners.ipBlock.cidr, except: partners.ipBlock.except }] }
          : { toEndpoints: [ciliumLabels(n, e.to.ns, e.to.svc)] })),
      }));
      const into = incoming.filter((e) => e.to.svc === s);
      policies.push(cilium(ns, `${svcName(s)}-ingress`, into[0].line, {
        endpointSelector: podSelector(s),
        ingress: ciliumRules(into, (e) => ({ fromEndpoints: [ciliumLabels(n, e.fromNs, e.from)] })),
      }));
    }
    for (const p of policies) files.set(`cilium/${ns.name}/${p.metadata.name}.yaml`, p);
  }
}

const targets = withCilium ? ["cilium", "kubernetes"] : ["kubernetes"];
const paths = [...files.keys()].sort();
for (const target of targets) {
  for (const ns of namespaces) mkdirSync(join(out, target, ns.name), { recursive: true });
}
for (const p of paths) writeFileSync(join(out, p), yaml.dump(files.get(p), { lineWidth: -1, noRefs: true }));
for (const target of targets) {
  const resources = paths.filter((p) => p.startsWith(`${target}/`)).map((p) => p.slice(target.length + 1));
  writeFileSync(join(out, target, "kustomization.yaml"),
    "# Generated by nplc. Do not edit.\n" +
    yaml.dump({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources }, { lineWidth: -1 }));
}
writeFileSync(join(out, ".nplc-manifest"),
  "# Files written by nplc; it removes them when they are no longer generated.\n" +
  [...targets.map((t) => `${t}/kustomization.yaml`), ...paths].sort().join("\n") + "\n");
