#pragma once
// Cross-target equivalence: over the program's cluster model, every
// connection one policy target's objects allow and another's do not. The
// language defines some such differences (docs/language.md, "Targets"):
//   - HTTP rules: Cilium judges the request, NetworkPolicy allows the whole
//     port (probed with a request no HTTP rule is meant to match);
//   - DNS names and Cilium entities have no NetworkPolicy form, nor the
//     lookups to kube-dns that Cilium needs to resolve a DNS name (the rule
//     the Cilium target adds beside toFQDNs, told by its `origins`).
// Every other difference is a bug of a backend (or of an evaluator).
#include <string>
#include <vector>

#include "backends/output.h"
#include "eval/matrix.h"

namespace nplc::eval {

struct Difference {
  std::string from, to;  // end labels, as in the matrix
  int port = 0;
  std::string protocol;
  bool http = false;               // judged with kProbeRequest
  std::string allows, denies;      // the target that allows it and the one that does not
  Verdict allowing, denying;       // their verdicts
  std::string explanation;         // why the language defines it; empty: unexplained
};

// The request the HTTP comparison sends on each connection both targets allow.
extern const HttpRequest kProbeRequest;

// Every difference between the first target and each other one (the
// matrix's ports, one probe per differing range; an HTTP probe on each
// connection both allow when exactly one of them judges HTTP). `matrix`:
// these targets' matrix when computed already (selectTargets), else computed.
std::vector<Difference> compareTargets(const model::Program& program, const ProgramCluster& cluster,
                                       const std::vector<JudgedTarget>& targets,
                                       const backends::RuleOrigins& origins,
                                       const backends::AccessMatrix* matrix = nullptr);

}  // namespace nplc::eval
