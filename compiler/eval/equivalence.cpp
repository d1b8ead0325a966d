#include "eval/equivalence.h"

#include <optional>

namespace nplc::eval {

const HttpRequest kProbeRequest{"NPLC-PROBE", "/nplc-equivalence-probe"};

namespace {

// The first port of each range where `a` allows and `b` does not.
std::vector<std::pair<std::string, int>> onlyIn(const backends::PortSet& a, const backends::PortSet& b) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& [protocol, ranges] : a.ranges) {
    const auto it = b.ranges.find(protocol);
    for (const auto& [first, last] : ranges) {
      // The first port of [first, last] outside every range of b.
      int port = first;
      if (it != b.ranges.end()) {
        for (const auto& [bf, bl] : it->second) {
          if (bf <= port && port <= bl) port = bl + 1;
        }
      }
      if (port <= last) out.push_back({protocol, port});
    }
  }
  return out;
}

// Every rule that allows this side matches the other end only as an entity
// or a DNS name.
bool onlyBeyond(const TargetEvaluator& ev, const SideVerdict& side, const Endpoint& remote) {
  if (side.allowedBy.empty()) return false;
  for (const auto& r : side.allowedBy) {
    if (!ev.onlyBeyondNetworkPolicy(r, remote)) return false;
  }
  return true;
}

// Every rule that allows this side is one the Cilium target adds for the
// DNS lookups of a toFQDNs rule.
bool onlyDnsLookups(const JudgedTarget& allows, const SideVerdict& side, const backends::RuleOrigins& origins) {
  if (side.allowedBy.empty()) return false;
  for (const auto& r : side.allowedBy) {
    const auto it = origins.find({allows.first, r.policy.ns, r.policy.name, r.section, r.index});
    if (it == origins.end() || it->second.added != backends::kDnsLookupsRule) return false;
  }
  return true;
}

// Why the language lets the two verdicts differ, or "".
std::string explain(const JudgedTarget& allows, const JudgedTarget& denies, const Endpoint& from, const Endpoint& to,
                    bool http, const Verdict& allowing, const Verdict& denying,
                    const backends::RuleOrigins& origins) {
  if (http && allows.second->judgesHttp() != denies.second->judgesHttp())
    return "HTTP rules: " + std::string(allows.second->judgesHttp() ? denies.first : allows.first) +
           " allows every request on the port, " +
           (allows.second->judgesHttp() ? allows.first : denies.first) + " only the requests the rules match";
  for (const Endpoint* e : {&from, &to}) {
    if (e->kind == Endpoint::Kind::DnsName) return "DNS names have no NetworkPolicy form";
    if (e->kind == Endpoint::Kind::Entity) return "Cilium entities have no NetworkPolicy form";
  }
  if (denying.ingress.allowed && onlyDnsLookups(allows, allowing.egress, origins))
    return "the DNS lookups of a DNS name edge: Cilium resolves DNS names through them, NetworkPolicy has no DNS "
           "names";
  // An address that an entity rule (world, all…) or a DNS name rule lets
  // through on the side that the other target denies.
  const bool egress = denying.egress.allowed || onlyBeyond(*allows.second, allowing.egress, to);
  const bool ingress = denying.ingress.allowed || onlyBeyond(*allows.second, allowing.ingress, from);
  if (egress && ingress)
    return "allowed through a Cilium entity or DNS name rule, which has no NetworkPolicy form";
  return "";
}

}  // namespace

std::vector<Difference> compareTargets(const model::Program& program, const ProgramCluster& pc,
                                       const std::vector<JudgedTarget>& targets,
                                       const backends::RuleOrigins& origins, const backends::AccessMatrix* given) {
  std::vector<Difference> out;
  if (targets.size() < 2) return out;
  std::optional<backends::AccessMatrix> computed;
  if (!given) computed = computeMatrix(program, pc, targets);
  const backends::AccessMatrix& matrix = given ? *given : *computed;
  const MatrixEnds ends = matrixEnds(program, pc);
  const auto probes = probePorts(program, pc.cluster);
  const auto add = [&](const backends::MatrixCell& cell, std::size_t a, std::size_t d, const std::string& protocol,
                       int port, bool http) {
    const Endpoint& from = ends.endpoints[cell.from];
    const Endpoint& to = ends.endpoints[cell.to];
    const HttpRequest* request = http ? &kProbeRequest : nullptr;
    Difference diff{matrix.ends[cell.from].label(), matrix.ends[cell.to].label(), port, protocol, http,
                    targets[a].first, targets[d].first,
                    targets[a].second->evaluate(from, to, port, protocol, request),
                    targets[d].second->evaluate(from, to, port, protocol, request), ""};
    diff.explanation = explain(targets[a], targets[d], from, to, http, diff.allowing, diff.denying, origins);
    out.push_back(std::move(diff));
  };
  for (const auto& cell : matrix.cells) {
    for (std::size_t other = 1; other < targets.size(); ++other) {
      for (const auto& [a, d] : {std::pair<std::size_t, std::size_t>{0, other}, {other, 0}}) {
        for (const auto& [protocol, port] : onlyIn(cell.allowed[a], cell.allowed[d])) add(cell, a, d, protocol, port, false);
      }
      if (targets[0].second->judgesHttp() == targets[other].second->judgesHttp()) continue;
      // Both allow the connection: does one refuse a request the other lets through?
      for (const auto& [protocol, starts] : probes) {
        for (int port : starts) {
          if (!cell.allowed[0].allows(protocol, port) || !cell.allowed[other].allows(protocol, port)) continue;
          const Endpoint& from = ends.endpoints[cell.from];
          const Endpoint& to = ends.endpoints[cell.to];
          const bool first = targets[0].second->evaluate(from, to, port, protocol, &kProbeRequest).allowed();
          const bool second = targets[other].second->evaluate(from, to, port, protocol, &kProbeRequest).allowed();
          if (first && !second) add(cell, 0, other, protocol, port, true);
          if (second && !first) add(cell, other, 0, protocol, port, true);
        }
      }
    }
  }
  return out;
}

}  // namespace nplc::eval
