// W0209 allows-all: policies that isolate in name only (cyclonus's "target
// whose ingress/egress is all allowed").
#include <fmt/format.h>

#include <set>

#include "lint/lint.h"

namespace nplc::lint {

namespace {

// No ports, or every port of every protocol.
bool everyPort(const std::vector<model::Port>& ports) {
  if (ports.empty()) return true;
  std::set<model::Protocol> all;
  for (const auto& p : ports) {
    if (p.kind == model::Port::Kind::AllOfProtocol) all.insert(p.protocol);
  }
  return all.size() == 3;
}

}  // namespace

void lintPolicies(const Input& in) {
  const auto& p = in.program;
  std::set<model::Index> seen;
  for (const auto& pol : p.policies) {
    for (int dir = 0; dir < 2; ++dir) {
      for (const auto& r : dir == 0 ? pol.ingressRules : pol.egressRules) {
        if (!r.anyPeer || !everyPort(r.ports) || !r.http.empty()) continue;
        for (auto ei : r.edges) {
          const auto& e = p.edges[ei];
          if (!seen.insert(ei).second) continue;
          auto& d = in.sink.report("W0209", e.bundle.empty() ? e.span : e.allowSpan,
                                   fmt::format("policy '{}' of namespace '{}' allows all {}", pol.name,
                                               p.namespaces[pol.ns].name, dir == 0 ? "ingress" : "egress"));
          if (!e.bundle.empty()) d.label(e.span, fmt::format("the edge of bundle `{}`", e.bundle));
          d.note(fmt::format("a rule {} `any` on every port leaves the pods it selects isolated in name only",
                             dir == 0 ? "from" : "to"))
              .withHelp(
                  "name the peers and ports that need access, or remove the edge to leave the direction unenforced");
        }
      }
    }
  }
}

}  // namespace nplc::lint
