#include "cilium_reachability.h"

#include <regex>
#include <stdexcept>

namespace npl::eval::cilium {
namespace {

bool entityMatchesPod(const std::string& entity) { return entity == "all" || entity == "cluster"; }

bool l3Matches(const Rule& r, const Identity& remote) {
  if (!r.hasL3()) return !r.toPorts.empty();  // L4-only rule: every peer; `{}`: none
  for (const auto& sel : r.endpoints) {
    if (sel.matches(remote)) return true;
  }
  for (const auto& e : r.entities) {
    if (entityMatchesPod(e)) return true;
  }
  return false;  // CIDR and FQDN rules never match pods
}

bool protocolMatches(const std::string& rule, const std::string& traffic) { return rule == "ANY" || rule == traffic; }

bool portMatches(const PortProtocol& pp, const Pod& destination, int port, const std::string& protocol) {
  if (!protocolMatches(pp.protocol, protocol)) return false;
  if (pp.port.find_first_not_of("0123456789") != std::string::npos) {
    for (const auto& cp : destination.ports) {
      if (cp.name == pp.port && cp.protocol == protocol && cp.port == port) return true;
    }
    return false;
  }
  const int p = std::stoi(pp.port);
  if (p == 0) return true;
  if (pp.endPort > p) return port >= p && port <= pp.endPort;
  return port == p;
}

bool fullMatch(const std::string& regex, const std::string& value) {
  return regex.empty() || std::regex_match(value, std::regex(regex));
}

// How a rule lets the traffic through: not at all, at L4 (every request), or
// through its L7 rules.
struct Match {
  bool l3l4 = false;
  bool l4Only = false;
  const PortRule* l7 = nullptr;
};

Match ruleMatches(const Rule& r, const Identity& remote, const Pod& destination, int port,
                  const std::string& protocol) {
  Match m;
  if (!l3Matches(r, remote)) return m;
  if (r.toPorts.empty()) {
    m.l3l4 = m.l4Only = true;
    return m;
  }
  for (const auto& pr : r.toPorts) {
    for (const auto& pp : pr.ports) {
      if (!portMatches(pp, destination, port, protocol)) continue;
      m.l3l4 = true;
      if (!pr.hasHttp && !pr.hasDns)
        m.l4Only = true;
      else if (!m.l7)
        m.l7 = &pr;
    }
  }
  return m;
}

bool requestMatches(const PortRule& pr, const HttpRequest& req) {
  if (!pr.hasHttp) return false;  // a DNS rule: not an HTTP request
  for (const auto& h : pr.http) {
    if (fullMatch(h.method, req.method) && fullMatch(h.path, req.path)) return true;
  }
  return false;
}

}  // namespace

Evaluator::Evaluator(const Cluster& cluster, std::vector<CiliumPolicy> policies)
    : cluster_(cluster), policies_(std::move(policies)) {}

Identity Evaluator::identity(const Pod& pod) const {
  Identity id;
  for (const auto& [k, v] : pod.labels) id.push_back({"k8s", k, v});
  id.push_back({"k8s", "io.kubernetes.pod.namespace", pod.ns});
  if (const Namespace* ns = cluster_.findNamespace(pod.ns)) {
    for (const auto& [k, v] : ns->labels) id.push_back({"k8s", "io.cilium.k8s.namespace.labels." + k, v});
  }
  return id;
}

bool Evaluator::side(const Pod& local, const Pod& remote, const Pod& destination, int port, const std::string& protocol,
                     const HttpRequest* request, bool ingress) const {
  const Identity self = identity(local);
  const Identity peer = identity(remote);
  bool isolated = false;
  std::vector<Match> matches;
  for (const auto& p : policies_) {
    if (!p.endpointSelector.matches(self)) continue;
    const auto& allow = ingress ? p.ingress : p.egress;
    const auto& deny = ingress ? p.ingressDeny : p.egressDeny;
    const auto& setting = ingress ? p.defaultDenyIngress : p.defaultDenyEgress;
    if ((!allow.empty() || !deny.empty()) && setting.value_or(true)) isolated = true;
    for (const auto& r : deny) {
      if (ruleMatches(r, peer, destination, port, protocol).l3l4) return false;
    }
    for (const auto& r : allow) {
      Match m = ruleMatches(r, peer, destination, port, protocol);
      if (m.l3l4) matches.push_back(m);
    }
  }
  if (!isolated) return true;
  if (matches.empty()) return false;
  if (!request) return true;
  for (const auto& m : matches) {
    if (m.l4Only) return true;  // merged with an L4-only rule: every request passes
  }
  for (const auto& m : matches) {
    if (m.l7 && requestMatches(*m.l7, *request)) return true;
  }
  return false;
}

Verdict Evaluator::evaluate(const Pod& from, const Pod& to, int port, const std::string& protocol,
                            const HttpRequest* request) const {
  Verdict v;
  v.egress = side(from, to, to, port, protocol, request, false);
  v.ingress = side(to, from, to, port, protocol, request, true);
  return v;
}

bool Evaluator::allowed(const std::string& from, const std::string& to, int port, const std::string& protocol,
                        const HttpRequest* request) const {
  const Pod* f = cluster_.findPod(from);
  const Pod* t = cluster_.findPod(to);
  if (!f) throw std::invalid_argument("unknown pod " + from);
  if (!t) throw std::invalid_argument("unknown pod " + to);
  return evaluate(*f, *t, port, protocol, request).allowed();
}

}  // namespace npl::eval::cilium
