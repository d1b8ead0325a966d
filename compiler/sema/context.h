#pragma once
// State shared by the semantic passes: the model being built, the symbol
// tables that index it, and the sink. Resolvers build it; checks only read.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/overlap.h"
#include "analysis/peer_key.h"
#include "analysis/well_known.h"
#include "diag/diagnostic.h"
#include "model/model.h"
#include "syntax/ast.h"

namespace nplc::sema {

// The shared analyses (compiler/analysis/), unqualified in the passes.
using namespace nplc::analysis;  // NOLINT: the passes are its main users

struct ExternalSym {
  const ast::External* decl = nullptr;
  model::Index ns = model::kNone;  // kNone: global
  bool resolving = false, resolved = false;
  model::Peer peer;  // IpBlocks, Fqdn or Entity once resolved
};

struct Context {
  const source::SourceManager& sm;
  diag::Sink& sink;
  const std::vector<ast::File>& files;
  model::Program program;

  std::map<std::string, model::Index> namespaceByName;
  std::vector<std::map<std::string, model::Index>> servicesByNs;       // per namespace
  std::vector<std::map<std::string, ExternalSym*>> externalsByNs;      // per namespace
  std::map<std::string, ExternalSym*> globalExternals;
  std::vector<std::unique_ptr<ExternalSym>> externalStore;
  std::map<std::string, const ast::Bundle*> bundles;
  // The AST of each namespace (several blocks may declare one namespace).
  std::vector<std::vector<const ast::Namespace*>> nsDecls;

  Context(const source::SourceManager& s, diag::Sink& d, const std::vector<ast::File>& f)
      : sm(s), sink(d), files(f) {}
};

// The passes, in pipeline order (see pipeline.cpp).
void declareSymbols(Context& cx);       // declare.cpp
void resolveEdges(Context& cx);         // resolve_edges.cpp
void checkEdges(Context& cx);           // check_intents.cpp: HTTP ports, L4/L7 contradictions
void planPolicies(Context& cx);         // plan.cpp
void checkIntents(Context& cx);         // check_intents.cpp: deny intents against the plan
void resolveClusterRules(Context& cx);  // resolve_cluster.cpp: `admin { }` and `baseline { }`

// The resolvers of edges (resolve_edges.cpp), for the cluster-scope blocks:
// `ns` kNone is cluster scope (`*` the managed namespaces, names global).
// nodesAllowed: `nodes { }` may stand here (the destination of a cluster
// block's egress statement); elsewhere it is E0604.
std::optional<model::Peer> resolvePeer(Context& cx, const ast::Peer& p, model::Index ns, bool nodesAllowed = false);
std::optional<model::Port> resolvePort(Context& cx, const ast::PortItem& item);
// Every pod of the namespaces the program manages (not external ones); E0603
// at `span` when the program manages none.
model::Peer managedPods(const Context& cx, std::string text, source::Span span);

// Shared by the resolvers (resolve_values.cpp).
// Validates keys and values; an unsatisfiable selector is E0211 unless the
// caller reports the contradiction itself.
model::LabelSelector resolveSelector(Context& cx, const ast::Selector& sel, bool reportUnsatisfiable = true);
std::optional<model::Peer> resolveExternal(Context& cx, ExternalSym& sym);
bool validName(Context& cx, const ast::Ident& id, const char* what);
// tcp, udp or sctp, in any case; E0207 otherwise.
std::optional<model::Protocol> resolveProtocol(Context& cx, const ast::Ident& id);

}  // namespace nplc::sema
