#include "model/plan_text.h"

#include <fmt/format.h>

#include "model/describe.h"

namespace nplc::model {

namespace {

std::string line(const source::SourceManager& sm, Span span) {
  if (!span.valid()) return "-";
  return fmt::format("{}:{}", sm.file(span.file).path, sm.lineCol(span.file, span.begin).line);
}

// The source lines of the edges behind a peer: a bundle edge names its
// `allow` line and the bundle's line.
std::string edgeLines(const source::SourceManager& sm, const Program& p, const std::vector<Index>& edges) {
  std::string out;
  for (Index e : edges) {
    const Edge& edge = p.edges[e];
    out += out.empty() ? "" : ", ";
    out += edge.bundle.empty() ? line(sm, edge.span)
                               : fmt::format("{} (allow {}, {})", line(sm, edge.allowSpan), edge.bundle,
                                             line(sm, edge.span));
  }
  return out;
}

void rules(std::string& out, const source::SourceManager& sm, const Program& p, const Policy& pol,
           const std::vector<Rule>& list, const char* dir) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Rule& r = list[i];
    out += fmt::format("  {} rule {}: {}", dir, i + 1, portsText(r.ports()));
    if (!r.http().empty()) out += " [" + httpText(r.http()) + "]";
    out += "\n";
    if (r.anyPeer) out += fmt::format("    any  <- {}\n", edgeLines(sm, p, r.anyPeerEdges));
    for (const RulePeer& rp : r.peers) {
      out += fmt::format("    {}  <- {}\n", peerNpl(p, *rp.peer, pol.ns), edgeLines(sm, p, rp.edges));
    }
  }
}

}  // namespace

std::string describeSubject(const Program& p, const PolicySubject& subject) {
  switch (subject.kind) {
    case PolicySubject::Kind::Baseline: return "baseline";
    case PolicySubject::Kind::Service: return "service " + p.services[subject.service].name;
    case PolicySubject::Kind::AllPods: return "`*` (every pod)";
    case PolicySubject::Kind::Bundle: return "bundle " + subject.bundle;
  }
  return {};
}

std::string dumpPlan(const source::SourceManager& sm, const Program& p) {
  std::string out = fmt::format("# nplc plan: {} polic{}\n", p.policies.size(), p.policies.size() == 1 ? "y" : "ies");
  for (const Policy& pol : p.policies) {
    std::string types;
    if (pol.ingress) types += "Ingress";
    if (pol.egress) types += types.empty() ? "Egress" : " Egress";
    const std::string pods = selectorNpl(pol.podSelector);
    out += fmt::format("\n{}/{}: {}; pods {}; {}; {}\n", p.namespaces[pol.ns].name, pol.name,
                       describeSubject(p, pol.subject), pods.empty() ? "{ }" : "{ " + pods + " }", types,
                       line(sm, pol.span));
    rules(out, sm, p, pol, pol.ingressRules, "ingress");
    rules(out, sm, p, pol, pol.egressRules, "egress");
  }
  return out;
}

}  // namespace nplc::model
