#pragma once
// Observed connections (connections.h) judged against the program: each end
// mapped onto the model (a pod to the service of its namespace whose
// selector its labels satisfy, an address to the externals whose CIDRs hold
// it, a DNS name to the DNS externals that match it), each connection judged
// by every target's evaluator over the built objects, in the program's
// cluster with the observed pods added (their namespace and labels as Hubble
// saw them). Reports, into the sink:
//   E0701  observed, but the built policies would deny it (the rollout would
//          break it): at the namespace block where the edge belongs, with
//          the edge as a fix when both ends have a name in the model;
//   W0701  an edge no observed connection used (at the edge), with the
//          capture's time span;
//   W0702  dropped by the cluster for policy though the sources allow it (drift);
//   W0703  destinations that match no service or external, grouped by namespace
//          (addresses: no location in the sources; each note names the
//          capture's FILE:LINE of its connection's first flow).
#include <map>
#include <string>
#include <vector>

#include "backends/output.h"
#include "diag/diagnostic.h"
#include "flows/connections.h"
#include "model/model.h"
#include "source/source_manager.h"

namespace nplc::flows {

// One row of the summary, per namespace (the destination's, else the source's).
struct NamespaceSummary {
  std::size_t flows = 0;        // flows folded into its connections
  std::size_t connections = 0;
  std::size_t covered = 0;      // connections every target allows
  std::size_t wouldBreak = 0;   // connections some target denies
  std::size_t unusedEdges = 0;  // edges written in the namespace no connection used
};

struct Judged {
  std::map<std::string, NamespaceSummary> namespaces;
};

struct Inputs {
  const source::SourceManager& sm;
  const model::Program& program;
  const backends::OutputFiles& files;
  const backends::RuleOrigins& origins;
  std::vector<std::string> targets;  // those with an evaluator
};

Judged judgeConnections(const Inputs& in, const Connections& conns, diag::Sink& sink);

}  // namespace nplc::flows
