#pragma once
// Lint checks: warnings about programs that compile but are probably not what
// their author meant (docs/ci.md lists them). They only read the resolved
// model and the AST, and run after the semantic passes succeeded.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "model/model.h"
#include "source/source_manager.h"
#include "syntax/ast.h"
#include "util/cidr.h"

namespace nplc::lint {

struct Options {
  // The cluster's pod and service ranges (--pod-cidr, --service-cidr).
  std::vector<util::Cidr> podCidrs = defaultPodCidrs();
  std::vector<util::Cidr> serviceCidrs = defaultServiceCidrs();

  // Common defaults: flannel/kubeadm and k3s pods; kubeadm and k3s services.
  static std::vector<util::Cidr> defaultPodCidrs();
  static std::vector<util::Cidr> defaultServiceCidrs();
};

// The bare names each namespace's edges use, by namespace name (W0206),
// read from the syntax trees before the analysis: the command line releases
// a program's namespace edges once they are in the model.
using EdgeNames = std::map<std::string, std::set<std::string>>;
EdgeNames edgeNames(const std::vector<ast::File>& files);

struct Input {
  const source::SourceManager& sm;
  const std::vector<ast::File>& files;  // their namespaces' edges may be released: see edgeNames
  const EdgeNames& edgeNames;
  const model::Program& program;
  const Options& options;
  diag::Sink& sink;
};

// Every lint check, in a fixed order (lint.cpp).
void runLints(const Input& in);

// The checks, one group per file.
void lintNamespaces(const Input& in);    // lint_namespaces.cpp: W0200 no-baseline, W0201 no-dns
void lintAddresses(const Input& in);     // lint_addresses.cpp: W0202 cidr-in-cluster, W0203 open-egress
void lintRedundancy(const Input& in);    // lint_redundancy.cpp: W0204, W0205, W0208
void lintDeclarations(const Input& in);  // lint_declarations.cpp: W0206 unused, W0207 duplicate-selector
void lintPolicies(const Input& in);      // lint_policies.cpp: W0209 allows-all
void lintCluster(const Input& in);       // lint_cluster.cpp: W0216..W0219, the cluster-scope pitfalls
// Drops a warning that a more specific one on the same text already states
// (most_specific.cpp): W0209 states W0203 and W0004, W0203 states W0004.
void keepMostSpecific(diag::Sink& sink);

// Helpers shared by the checks (lint.cpp).
bool inStdlib(const source::SourceManager& sm, source::Span span);
// Which edges generated at least one ingress / egress rule.
struct EdgeSides {
  std::vector<bool> ingress, egress;
};
EdgeSides edgeSides(const model::Program& p);
// The part of `block` (minus its excepts) that overlaps `range`, if any.
bool blockOverlaps(const model::IpBlock& block, const util::Cidr& range);

}  // namespace nplc::lint
