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
    : cluster_(cluster), policies_(std::move(policies)) {
  for (std::size_t i = 0; i < policies_.size(); ++i) byNamespace_[policies_[i].ns].push_back(i);
  for (const auto& pod : cluster_.pods()) {
    for (const bool ingress : {false, true}) scan(pod, ingress, selecting_[ingress].put(pod, {}));
  }
}

void NetworkPolicyEvaluator::scan(const Pod& local, bool ingress, std::vector<std::size_t>& out) const {
  out.clear();
  const auto it = byNamespace_.find(local.ns);
  if (it == byNamespace_.end()) return;
  for (std::size_t i : it->second) {
    const auto& np = policies_[i];
    if ((ingress ? np.isolatesIngress : np.isolatesEgress) && np.podSelector.matches(local.labels)) out.push_back(i);
  }
}

const std::vector<std::size_t>& NetworkPolicyEvaluator::selecting(const Pod& local, bool ingress,
                                                                  std::vector<std::size_t>& out) const {
  if (const auto* cached = selecting_[ingress].find(local)) return *cached;
  scan(local, ingress, out);
  return out;
}

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

bool NetworkPolicyEvaluator::peerMatchesAny(const NetworkPolicy& np, const Rule& rule, const Endpoint& peer) const {
  if (rule.peers.empty()) return true;
  for (const auto& p : rule.peers)
    if (peerMatches(np, p, peer)) return true;
  return false;
}

bool NetworkPolicyEvaluator::ruleMatches(const NetworkPolicy& np, const Rule& rule, const Endpoint& peer,
                                         const Endpoint& destination, int port, const std::string& protocol) const {
  bool portOk = rule.ports.empty();
  for (const auto& pp : rule.ports) portOk = portOk || portMatches(pp, destination, port, protocol);
  return portOk && peerMatchesAny(np, rule, peer);
}

SideVerdict NetworkPolicyEvaluator::side(const Pod& local, const Endpoint& remote, const Endpoint& destination,
                                         int port, const std::string& protocol, bool ingress) const {
  SideVerdict v;
  const char* section = ingress ? "ingress" : "egress";
  std::vector<std::size_t> scratch;
  for (std::size_t index : selecting(local, ingress, scratch)) {
    const auto& np = policies_[index];
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

bool NetworkPolicyEvaluator::mayAllow(const Endpoint& from, const Endpoint& to) const {
  const auto sideMay = [&](const Pod& local, const Endpoint& remote, bool ingress) {
    std::vector<std::size_t> scratch;
    const auto& selected = selecting(local, ingress, scratch);
    if (selected.empty()) return true;
    for (std::size_t index : selected) {
      const auto& np = policies_[index];
      for (const auto& rule : ingress ? np.ingress : np.egress)
        if (peerMatchesAny(np, rule, remote)) return true;
    }
    return false;
  };
  return (!from.pod || sideMay(*from.pod, to, false)) && (!to.pod || sideMay(*to.pod, from, true));
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
