#include "backends/graph/dependency_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "model/describe.h"

namespace nplc::backends::graph {

namespace {

using K = model::Peer::Kind;
using model::Index;
using model::kNone;

Node nodeFor(const model::Program& p, const model::Peer& peer) {
  Node n;
  switch (peer.kind) {
    case K::Service:
      n = {NodeKind::Service, "svc:" + p.namespaces[peer.ns].name + "/" + p.services[peer.service].name,
           p.services[peer.service].name, peer.ns};
      break;
    case K::NamespacePods:
      n = {NodeKind::EveryPod, "all:" + p.namespaces[peer.ns].name, "every pod (*)", peer.ns};
      break;
    case K::Pods:
      n = {NodeKind::Selector, "", peerNpl(p, peer, peer.ns), peer.ns};
      n.key = "sel:" + p.namespaces[peer.ns].name + ":" + n.label;
      break;
    case K::AllPods:
    case K::PodsInNamespaces:
    case K::Namespaces:
    case K::Nodes:  // only in cluster blocks, which the graph does not draw
      n = {NodeKind::Selector, "", peerNpl(p, peer, kNone), kNone};
      n.key = "sel:" + n.label;
      break;
    case K::IpBlocks:
      // The value is part of the key: two externals may share a name in two namespaces.
      n = {NodeKind::Cidr, "cidr:" + peer.text + "=" + externalValue(peer), peer.text, kNone};
      break;
    case K::Fqdn:
      n = {NodeKind::Fqdn, "fqdn:" + peer.text + "=" + externalValue(peer), peer.text, kNone};
      break;
    case K::Entity:
      n = {NodeKind::Entity, "entity:" + peer.text + "=" + peer.entity, peer.text, kNone};
      break;
    case K::Any:
      n = {NodeKind::Any, "any", "any", kNone};
      break;
  }
  return n;
}

bool touches(const model::Peer& peer, Index ns) {
  switch (peer.kind) {
    case K::Service:
    case K::NamespacePods:
    case K::Pods:
      return peer.ns == ns;
    default:
      return false;
  }
}

// Sorts the nodes (and renumbers the arrows) so the output never depends on
// the order edges were found in.
Graph finish(const model::Program& p, std::vector<Node> nodes,
             std::map<std::pair<std::size_t, std::size_t>, Arrow> arrows) {
  std::vector<std::size_t> order(nodes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto nsName = [&](Index ns) { return ns == kNone ? std::string("\x7f") : p.namespaces[ns].name; };  // outside last
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::make_tuple(nsName(nodes[a].ns), nodes[a].kind, nodes[a].label, nodes[a].key) <
           std::make_tuple(nsName(nodes[b].ns), nodes[b].kind, nodes[b].label, nodes[b].key);
  });
  std::vector<std::size_t> rank(nodes.size());
  Graph g;
  for (std::size_t i = 0; i < order.size(); ++i) {
    rank[order[i]] = i;
    g.nodes.push_back(nodes[order[i]]);
  }
  for (auto& [_, a] : arrows) {
    a.from = rank[a.from];
    a.to = rank[a.to];
    g.arrows.push_back(std::move(a));
  }
  std::sort(g.arrows.begin(), g.arrows.end(),
            [](const Arrow& a, const Arrow& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  for (const auto& n : g.nodes) {
    if (n.ns != kNone && (g.boxes.empty() || g.boxes.back() != n.ns)) g.boxes.push_back(n.ns);
  }
  return g;
}

}  // namespace

std::string edgeLabel(const model::Edge& e) {
  std::string s = portsText(e.ports);
  if (!e.http.empty()) s += " " + httpText(e.http);
  if (!e.bundle.empty()) s = e.bundle + ": " + s;
  const std::string sides = sidesText(e);
  if (!sides.empty()) s += " (" + sides + ")";
  return s;
}

bool concerns(const model::Edge& e, Index ns) { return e.ns == ns || touches(e.from, ns) || touches(e.to, ns); }

Graph build(const model::Program& p, Index only) {
  std::vector<Index> edges;
  for (Index i = 0; i < p.edges.size(); ++i) {
    if (only == kNone || concerns(p.edges[i], only)) edges.push_back(i);
  }
  return build(p, edges);
}

Graph build(const model::Program& p, const std::vector<Index>& edges) {
  std::vector<Node> nodes;
  std::map<std::string, std::size_t> byKey;
  auto intern = [&](const model::Peer& peer) {
    Node n = nodeFor(p, peer);
    auto [it, inserted] = byKey.try_emplace(n.key, nodes.size());
    if (inserted) nodes.push_back(std::move(n));
    return it->second;
  };
  std::map<std::pair<std::size_t, std::size_t>, Arrow> arrows;
  for (Index i : edges) {
    const model::Edge& e = p.edges[i];
    const std::size_t from = intern(e.from), to = intern(e.to);
    auto [it, inserted] = arrows.try_emplace({from, to});
    Arrow& a = it->second;
    if (inserted) {
      a.from = from;
      a.to = to;
      a.onlyBundles = true;
    }
    a.edges.push_back(i);
    a.onlyBundles = a.onlyBundles && !e.bundle.empty();
    const std::string label = edgeLabel(e);
    if (std::find(a.labels.begin(), a.labels.end(), label) == a.labels.end()) a.labels.push_back(label);
  }
  return finish(p, std::move(nodes), std::move(arrows));
}

Graph namespaceLevel(const model::Program& p) {
  std::vector<Node> nodes;
  std::map<Index, std::size_t> byNs;
  std::size_t outside = static_cast<std::size_t>(-1);
  auto intern = [&](const model::Peer& peer) {
    Index ns = kNone;
    if (peer.kind == K::Service || peer.kind == K::NamespacePods || peer.kind == K::Pods) ns = peer.ns;
    if (ns == kNone) {
      if (outside == static_cast<std::size_t>(-1)) {
        outside = nodes.size();
        nodes.push_back({NodeKind::Outside, "outside",
                         "outside the namespaces (addresses, DNS names, entities, selectors)", kNone});
      }
      return outside;
    }
    auto [it, inserted] = byNs.try_emplace(ns, nodes.size());
    if (inserted) nodes.push_back({NodeKind::Namespace, "ns:" + p.namespaces[ns].name, p.namespaces[ns].name, ns});
    return it->second;
  };
  std::map<std::pair<std::size_t, std::size_t>, Arrow> arrows;
  std::map<std::size_t, std::size_t> inside;  // node -> edges within its namespace
  for (Index i = 0; i < p.edges.size(); ++i) {
    const model::Edge& e = p.edges[i];
    const std::size_t from = intern(e.from), to = intern(e.to);
    if (from == to && nodes[from].kind == NodeKind::Namespace) {
      ++inside[from];  // said in the node's label, not drawn as a loop
      continue;
    }
    Arrow& a = arrows[{from, to}];
    a.from = from;
    a.to = to;
    a.edges.push_back(i);
  }
  for (auto& [_, a] : arrows) {
    a.labels = {a.edges.size() == 1 ? std::string("1 edge") : fmt::format("{} edges", a.edges.size())};
  }
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    if (nodes[n].kind != NodeKind::Namespace) continue;
    const model::Namespace& ns = p.namespaces[nodes[n].ns];
    const std::size_t svcs = ns.services.size(), in = inside[n];
    nodes[n].label = fmt::format("{}{}: {} service{}, {} edge{} inside", ns.name, ns.external ? " (external)" : "",
                                 svcs, svcs == 1 ? "" : "s", in, in == 1 ? "" : "s");
  }
  // Namespace nodes stand for their box: no box is drawn around them.
  Graph g = finish(p, std::move(nodes), std::move(arrows));
  g.boxes.clear();
  return g;
}

}  // namespace nplc::backends::graph
