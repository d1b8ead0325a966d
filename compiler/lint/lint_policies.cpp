// W0209 allows-all: policies that isolate in name only (cyclonus's "target
// whose ingress/egress is all allowed").
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

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
  // One warning per statement and direction: the edges of a list
  // (`a, b -> any`) share the statement's span, and each has its policy.
  struct Hit {
    const model::Edge* edge;
    int dir;
    std::vector<std::string> policies;  // policy 'name' of namespace 'ns', the first named in the message
  };
  std::vector<Hit> hits;
  std::map<std::tuple<source::FileId, std::uint32_t, std::uint32_t, int>, std::size_t> at;
  std::set<model::Index> seen;
  for (const auto& pol : p.policies) {
    for (int dir = 0; dir < 2; ++dir) {
      for (const auto& r : dir == 0 ? pol.ingressRules : pol.egressRules) {
        if (!r.anyPeer || !everyPort(r.ports()) || !r.http().empty()) continue;
        for (auto ei : r.edges) {
          const auto& e = p.edges[ei];
          if (!seen.insert(ei).second) continue;
          const auto& span = e.bundle.empty() ? e.span : e.allowSpan;
          const auto [it, fresh] = at.emplace(std::tuple(span.file, span.begin, span.end, dir), hits.size());
          if (fresh) hits.push_back({&e, dir, {}});
          hits[it->second].policies.push_back(
              fmt::format("policy '{}' of namespace '{}'", pol.name, p.namespaces[pol.ns].name));
        }
      }
    }
  }
  for (const auto& h : hits) {
    const auto& e = *h.edge;
    const char* direction = h.dir == 0 ? "ingress" : "egress";
    const auto others = h.policies.size() - 1;
    auto& d = in.sink.report("W0209", e.bundle.empty() ? e.span : e.allowSpan,
                             others == 0 ? fmt::format("{} allows all {}", h.policies.front(), direction)
                                         : fmt::format("{} and {} more of this statement allow all {}",
                                                       h.policies.front(), others, direction));
    if (!e.bundle.empty()) d.label(e.span, fmt::format("the edge of bundle `{}`", e.bundle));
    d.note(fmt::format("a rule {} `any` on every port leaves the pods it selects isolated in name only",
                       h.dir == 0 ? "from" : "to"))
        .withHelp("name the peers and ports that need access, or remove the edge to leave the direction unenforced");
  }
}

}  // namespace nplc::lint
