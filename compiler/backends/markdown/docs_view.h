#pragma once
// What the documentation pages say about each service, read off the model and
// its policy plan: the edges seen from each end, the policies that carry each
// edge, the policies that isolate each service, and links to the sources.
#include <map>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "diag/diagnostic.h"
#include "model/model.h"
#include "source/source_manager.h"

namespace nplc::backends::markdown {

enum Dir { kIngress = 0, kEgress = 1 };

// One edge seen from one of its ends (a one-sided edge is seen from both:
// the page says which side it writes).
struct Row {
  model::Index edge = model::kNone;
  const model::Peer* other = nullptr;  // the caller (ingress) or the callee (egress)
  std::vector<std::string> policies;   // the policies that carry it in this direction
};

// A service, or (service == kNone) every pod of a namespace: the `*` rows.
struct Subject {
  model::Index ns = model::kNone;
  model::Index service = model::kNone;
  std::vector<Row> rows[2];                // by Dir, in source order
  std::vector<std::string> isolatedBy[2];  // policies that select these pods for that direction
};

class View {
 public:
  View(const source::SourceManager& sm, const model::Program& p, const TargetOptions& opts,
       std::vector<diag::Diagnostic> warnings, const AccessMatrix* access = nullptr);

  const model::Program& program() const { return p_; }
  const source::SourceManager& sources() const { return sm_; }
  const std::vector<diag::Diagnostic>& warnings() const { return warnings_; }
  const AccessMatrix* access() const { return access_; }  // null when not computed
  // The objects that carry the cluster-scope blocks in this build ("" without blocks).
  const char* clusterBlocksKind() const {
    if (p_.clusterRules.empty()) return "";
    return opts_.clusterTier ? "ClusterNetworkPolicies" : "CiliumClusterwideNetworkPolicies";
  }

  Subject subject(model::Index ns, model::Index service) const;
  // Namespaces sorted by name; those that get a page.
  std::vector<model::Index> namespacesByName() const;
  bool hasPage(model::Index ns) const;
  // Bundles allowed in a namespace, with the first `allow` line of each.
  std::map<std::string, source::Span> bundles(model::Index ns) const;
  std::vector<const model::Policy*> policies(model::Index ns) const;
  // The edges with an end in ns or written (or expanded) there, in source order.
  const std::vector<model::Index>& edgesOf(model::Index ns) const { return edgesByNs_[ns]; }

  // "[shop.npl:12](../../shop.npl#L12)" for a page at `pageDir` (relative to
  // the output folder); `std/dns` line N for the standard library.
  std::string sourceLink(source::Span span, const std::string& pageDir) const;
  // The source file as shown on the pages (relative to the working directory).
  std::string shownPath(source::FileId file) const;
  std::string fileLink(source::FileId file, const std::string& pageDir) const;
  // Where the rule of one edge comes from: its line, or for bundle edges the
  // `allow` line (and the bundle's own line when it is in a user file).
  std::string edgeSource(const model::Edge& e, const std::string& pageDir) const;

 private:
  const source::SourceManager& sm_;
  const model::Program& p_;
  TargetOptions opts_;
  std::vector<diag::Diagnostic> warnings_;
  const AccessMatrix* access_;
  std::map<std::pair<model::Index, model::Index>, Subject> subjects_;  // (ns, service or kNone), rows only
  std::map<model::Index, std::vector<const model::Policy*>> policiesByNs_;
  std::map<model::Index, std::map<std::string, source::Span>> bundlesByNs_;
  std::vector<bool> referenced_;
  std::vector<std::vector<model::Index>> edgesByNs_;  // by namespace: some edge has an end there
  std::string cwd_, outAbs_;
};

}  // namespace nplc::backends::markdown
