#include "reachability.h"

#include <stdexcept>

namespace npl::eval {

Evaluator::Evaluator(const Cluster& cluster, std::vector<NetworkPolicy> policies)
    : cluster_(cluster), policies_(std::move(policies)) {}

bool Evaluator::selects(const NetworkPolicy& np, const Pod& pod) const {
  return np.ns == pod.ns && np.podSelector.matches(pod.labels);
}

bool Evaluator::peerMatches(const NetworkPolicy& np, const Peer& peer, const Pod& other) const {
  if (peer.ipBlock) {
    auto ip = Cidr::parseAddress(other.ip);
    if (!ip || !peer.ipBlock->cidr.contains(*ip)) return false;
    for (const auto& ex : peer.ipBlock->except)
      if (ex.contains(*ip)) return false;
    return true;
  }
  if (peer.namespaceSelector) {
    const Namespace* ns = cluster_.findNamespace(other.ns);
    if (!ns || !peer.namespaceSelector->matches(ns->labels)) return false;
  } else if (other.ns != np.ns) {
    return false;  // podSelector alone: the policy's own namespace
  }
  return !peer.podSelector || peer.podSelector->matches(other.labels);
}

bool Evaluator::portMatches(const PolicyPort& pp, const Pod& destination, int port, const std::string& protocol) {
  if (pp.protocol != protocol) return false;
  if (pp.name) {
    // Named port: resolved against the destination pod's container ports.
    for (const auto& cp : destination.ports)
      if (cp.name == *pp.name && cp.protocol == protocol && cp.port == port) return true;
    return false;
  }
  if (!pp.port) return true;  // every port of that protocol
  if (pp.endPort) return port >= *pp.port && port <= *pp.endPort;
  return port == *pp.port;
}

bool Evaluator::ruleMatches(const NetworkPolicy& np, const Rule& rule, const Pod& peer, const Pod& destination,
                            int port, const std::string& protocol) const {
  bool portOk = rule.ports.empty();
  for (const auto& pp : rule.ports) portOk = portOk || portMatches(pp, destination, port, protocol);
  if (!portOk) return false;
  if (rule.peers.empty()) return true;
  for (const auto& p : rule.peers)
    if (peerMatches(np, p, peer)) return true;
  return false;
}

Verdict Evaluator::evaluate(const Pod& from, const Pod& to, int port, const std::string& protocol) const {
  bool egressIsolated = false, ingressIsolated = false;
  bool egressAllowed = false, ingressAllowed = false;
  for (const auto& np : policies_) {
    if (np.isolatesEgress && selects(np, from)) {
      egressIsolated = true;
      for (const auto& r : np.egress)
        if (ruleMatches(np, r, to, to, port, protocol)) egressAllowed = true;
    }
    if (np.isolatesIngress && selects(np, to)) {
      ingressIsolated = true;
      for (const auto& r : np.ingress)
        if (ruleMatches(np, r, from, to, port, protocol)) ingressAllowed = true;
    }
  }
  Verdict v;
  v.egress = !egressIsolated || egressAllowed;
  v.ingress = !ingressIsolated || ingressAllowed;
  return v;
}

bool Evaluator::allowed(const std::string& from, const std::string& to, int port, const std::string& protocol) const {
  const Pod* f = cluster_.findPod(from);
  const Pod* t = cluster_.findPod(to);
  if (!f) throw std::invalid_argument("unknown pod " + from);
  if (!t) throw std::invalid_argument("unknown pod " + to);
  return allowed(*f, *t, port, protocol);
}

}  // namespace npl::eval
