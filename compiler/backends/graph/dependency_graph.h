#pragma once
// The service dependency graph the documentation targets draw: one node per
// distinct peer (service, every pod of a namespace, selector, external, any),
// one arrow per (source, destination) pair carrying the edges between them.
// Built from the model's edges (deny intents are not dependencies). Node and
// arrow order is sorted by names, never by container addresses, so every
// rendering is deterministic.
#include <string>
#include <vector>

#include "model/model.h"

namespace nplc::backends::graph {

// Namespace and Outside appear only in the namespace-level view.
enum class NodeKind { Service, EveryPod, Selector, Cidr, Fqdn, Entity, Any, Namespace, Outside };

struct Node {
  NodeKind kind = NodeKind::Service;
  std::string key;                 // identity: equal peers share a node
  std::string label;               // as drawn
  model::Index ns = model::kNone;  // the namespace box it sits in; kNone: outside every namespace
};

struct Arrow {
  std::size_t from = 0, to = 0;     // indices into Graph::nodes
  std::vector<std::string> labels;  // one per distinct edge label, in source order
  std::vector<model::Index> edges;  // the edges it stands for
  bool onlyBundles = false;         // every edge came from `allow BUNDLE`
};

struct Graph {
  std::vector<Node> nodes;          // sorted: by namespace name, kind, label
  std::vector<Arrow> arrows;        // sorted by (from, to)
  std::vector<model::Index> boxes;  // namespaces that hold a node, sorted by name
};

// Every edge of the program; with `only` set, the edges with an end in that
// namespace or written (or expanded) there.
Graph build(const model::Program& p, model::Index only = model::kNone);
// The edges given (indices into p.edges), in that order.
Graph build(const model::Program& p, const std::vector<model::Index>& edges);
// The edges `build(p, ns)` draws: with an end in ns, or written (or expanded) there.
bool concerns(const model::Edge& e, model::Index ns);

// The large-program view: one node per namespace, one for everything outside
// the cluster's namespaces (addresses, DNS names, entities, `any`,
// cross-namespace selectors), arrows labelled with how many edges they stand for.
Graph namespaceLevel(const model::Program& p);

// The label of one edge on an arrow: ports, HTTP routes, bundle and sides.
std::string edgeLabel(const model::Edge& e);

}  // namespace nplc::backends::graph
