#include "eval/network_policy_eval.h"

#include <stdexcept>

namespace nplc::eval {
namespace {

bool portMatches(const PolicyPort& pp, const Endpoint& destination, int port, const std::string& protocol) {
  if (pp.protocol != protocol) return false;
  if (pp.name) {
    // Named port: resolved against the destination pod's container ports.
    if (!destination.pod) return false;
    for (const auto& cp : destination.pod->ports)
      if (cp.name == *pp.name && cp.protocol == protocol && cp.port == port) return true;
    return false;
  }
  if (!pp.port) return true;  // every port of that protocol
  if (pp.endPort) return port >= *pp.port && port <= *pp.endPort;
  return port == *pp.port;
}

}  // namespace

NetworkPolicyEvaluator::NetworkPolicyEvaluator(const Cluster& cluster, std::vector<NetworkPolicy> policies)
    : cluster_(cluster), policies_(std::move(policies)) {}

bool NetworkPolicyEvaluator::peerMatches(const NetworkPolicy& np, const Peer& peer, const Endpoint& other) const {
  if (peer.ipBlock) return inBlock(other.ip(), peer.ipBlock->cidr, peer.ipBlock->except);
  if (!other.pod) return false;  // selectors select pods only
  if (peer.namespaceSelector) {
    const Namespace* ns = cluster_.findNamespace(other.pod->ns);
    if (!ns || !peer.namespaceSelector->matches(ns->labels)) return false;
  } else if (other.pod->ns != np.ns) {
    return false;  // podSelector alone: the policy's own namespace
  }
  return !peer.podSelector || peer.podSelector->matches(other.pod->labels);
}

bool NetworkPolicyEvaluator::ruleMatches(const NetworkPolicy& np, const Rule& rule, const Endpoint& peer,
                                         const Endpoint& destination, int port, const std::string& protocol) const {
  bool portOk = rule.ports.empty();
  for (const auto& pp : rule.ports) portOk = portOk || portMatches(pp, destination, port, protocol);
  if (!portOk) return false;
  if (rule.peers.empty()) return true;
  for (const auto& p : rule.peers)
    if (peerMatches(np, p, peer)) return true;
  return false;
}

SideVerdict NetworkPolicyEvaluator::side(const Pod& local, const Endpoint& remote, const Endpoint& destination,
                                         int port, const std::string& protocol, bool ingress) const {
  SideVerdict v;
  const char* section = ingress ? "ingress" : "egress";
  for (const auto& np : policies_) {
    if (!(ingress ? np.isolatesIngress : np.isolatesEgress)) continue;
    if (np.ns != local.ns || !np.podSelector.matches(local.labels)) continue;
    const PolicyRef ref{"NetworkPolicy", np.ns, np.name};
    v.isolated = true;
    v.isolatedBy.push_back(ref);
    const auto& rules = ingress ? np.ingress : np.egress;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (ruleMatches(np, rules[i], remote, destination, port, protocol)) v.allowedBy.push_back({ref, section, i});
    }
  }
  v.allowed = !v.isolated || !v.allowedBy.empty();
  return v;
}

Verdict NetworkPolicyEvaluator::evaluate(const Endpoint& from, const Endpoint& to, int port,
                                         const std::string& protocol) const {
  Verdict v;
  if (from.pod) v.egress = side(*from.pod, to, to, port, protocol, false);
  if (to.pod) v.ingress = side(*to.pod, from, to, port, protocol, true);
  return v;
}

bool NetworkPolicyEvaluator::allowed(const std::string& from, const std::string& to, int port,
                                     const std::string& protocol) const {
  const Pod* f = cluster_.findPod(from);
  const Pod* t = cluster_.findPod(to);
  if (!f) throw std::invalid_argument("unknown pod " + from);
  if (!t) throw std::invalid_argument("unknown pod " + to);
  return allowed(*f, *t, port, protocol);
}

}  // namespace nplc::eval
