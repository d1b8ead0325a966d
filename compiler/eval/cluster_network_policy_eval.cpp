#include "eval/cluster_network_policy_eval.h"

#include <algorithm>
#include <stdexcept>

namespace nplc::eval {
namespace {

using Tier = ClusterNetworkPolicy::Tier;

bool protocolMatches(const CnpProtocol& p, const Endpoint& destination, int port, const std::string& protocol) {
  if (p.namedPort.empty()) return p.protocol == protocol && port >= p.first && port <= p.last;
  if (!destination.pod) return false;
  for (const auto& cp : destination.pod->ports)
    if (cp.name == p.namedPort && cp.port == port && cp.protocol == protocol) return true;
  return false;
}

bool protocolsMatch(const CnpRule& rule, const Endpoint& destination, int port, const std::string& protocol) {
  if (rule.protocols.empty()) return true;
  return std::any_of(rule.protocols.begin(), rule.protocols.end(),
                     [&](const CnpProtocol& p) { return protocolMatches(p, destination, port, protocol); });
}

// `*.example.com` matches one or more labels before example.com.
bool domainMatches(const std::string& pattern, const std::string& name) {
  if (!pattern.starts_with("*.")) return pattern == name;
  const std::string suffix = pattern.substr(1);  // ".example.com"
  return name.size() > suffix.size() && name.ends_with(suffix);
}

std::string lowerNoDot(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The end as NetworkPolicy sees it: a host-network pod is its address.
Endpoint asNetworkPolicyEnd(const Endpoint& e) {
  if (e.pod && e.pod->hostNetwork) return Endpoint::ofAddress(e.pod->ip);
  return e;
}

}  // namespace

TieredEvaluator::TieredEvaluator(const Cluster& cluster, std::vector<ClusterNetworkPolicy> clusterPolicies,
                                 std::vector<NetworkPolicy> policies)
    : TieredEvaluator(cluster, std::move(clusterPolicies), NamespaceTier{}) {
  np_ = std::make_shared<const NetworkPolicyEvaluator>(cluster, std::move(policies));
  namespaced_ = [np = np_.get()](const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                                 const HttpRequest*) { return np->evaluate(from, to, port, protocol); };
}

TieredEvaluator::TieredEvaluator(const Cluster& cluster, std::vector<ClusterNetworkPolicy> clusterPolicies,
                                 NamespaceTier namespaced)
    : cluster_(cluster), cnps_(std::move(clusterPolicies)), namespaced_(std::move(namespaced)) {
  std::stable_sort(cnps_.begin(), cnps_.end(), [](const ClusterNetworkPolicy& a, const ClusterNetworkPolicy& b) {
    if (a.tier != b.tier) return a.tier == Tier::Admin;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.name < b.name;
  });
}

bool TieredEvaluator::peerMatches(const CnpPeer& peer, const Endpoint& remote) const {
  const Pod* pod = remote.pod && !remote.pod->hostNetwork ? remote.pod : nullptr;
  switch (peer.kind) {
    case CnpPeer::Kind::Namespaces:
    case CnpPeer::Kind::Pods: {
      if (!pod) return false;
      const Namespace* ns = cluster().findNamespace(pod->ns);
      if (!ns || !peer.namespaceSelector.matches(ns->labels)) return false;
      return peer.kind == CnpPeer::Kind::Namespaces || peer.podSelector.matches(pod->labels);
    }
    case CnpPeer::Kind::Networks:
      return std::any_of(peer.networks.begin(), peer.networks.end(),
                         [&](const util::Cidr& c) { return !remote.ip().empty() && inBlock(remote.ip(), c, {}); });
    case CnpPeer::Kind::Nodes:
      if (remote.ip().empty()) return false;
      for (const auto& node : cluster().nodes())
        if (peer.nodeSelector.matches(node.labels) &&
            std::find(node.addresses.begin(), node.addresses.end(), remote.ip()) != node.addresses.end())
          return true;
      return false;
    case CnpPeer::Kind::DomainNames:
      if (remote.kind != Endpoint::Kind::DnsName) return false;
      return std::any_of(peer.domainNames.begin(), peer.domainNames.end(),
                         [&](const std::string& d) { return domainMatches(d, lowerNoDot(remote.name)); });
  }
  return false;
}

TieredEvaluator::Outcome TieredEvaluator::tier(Tier tier, const Pod& local, const Endpoint& remote,
                                               const Endpoint& destination, int port, const std::string& protocol,
                                               bool ingress, SideVerdict& v) const {
  const Namespace* ns = cluster().findNamespace(local.ns);
  if (!ns) return Outcome::NoMatch;
  const char* section = ingress ? "ingress" : "egress";
  for (const auto& cnp : cnps_) {
    if (cnp.tier != tier) continue;
    if (!cnp.subjectNamespaces.matches(ns->labels) || !cnp.subjectPods.matches(local.labels)) continue;
    const auto& rules = ingress ? cnp.ingress : cnp.egress;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const CnpRule& rule = rules[i];
      if (!protocolsMatch(rule, destination, port, protocol)) continue;
      if (std::none_of(rule.peers.begin(), rule.peers.end(), [&](const CnpPeer& p) { return peerMatches(p, remote); }))
        continue;
      const RuleRef ref{{"ClusterNetworkPolicy", "", cnp.name}, section, i};
      switch (rule.action) {
        case CnpRule::Action::Accept:
          v.allowedBy.push_back(ref);
          return Outcome::Accept;
        case CnpRule::Action::Deny:
          v.isolated = true;
          v.isolatedBy.push_back(ref.policy);
          v.deniedBy.push_back(ref);
          return Outcome::Deny;
        case CnpRule::Action::Pass:
          return Outcome::Pass;
      }
    }
  }
  return Outcome::NoMatch;
}

bool TieredEvaluator::adminAccepts() const {
  return std::any_of(cnps_.begin(), cnps_.end(), [](const ClusterNetworkPolicy& cnp) {
    if (cnp.tier != Tier::Admin) return false;
    for (const auto* rules : {&cnp.ingress, &cnp.egress})
      for (const auto& r : *rules)
        if (r.action == CnpRule::Action::Accept) return true;
    return false;
  });
}

Verdict TieredEvaluator::evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                                  const HttpRequest* request) const {
  const Verdict byNetworkPolicy = namespaced_(asNetworkPolicyEnd(from), asNetworkPolicyEnd(to), port, protocol, request);
  const bool self = from.pod && from.pod == to.pod;
  auto side = [&](const Pod& local, const Endpoint& remote, bool ingress) {
    SideVerdict v;
    if (local.hostNetwork) return v;  // no policy selects it
    if (!self) {
      const Outcome admin = tier(Tier::Admin, local, remote, to, port, protocol, ingress, v);
      if (admin == Outcome::Accept) return v;
      if (admin == Outcome::Deny) {
        v.allowed = false;
        return v;
      }
    }
    const SideVerdict& np = ingress ? byNetworkPolicy.ingress : byNetworkPolicy.egress;
    if (np.isolated || !np.allowed || self) return np;
    const Outcome baseline = tier(Tier::Baseline, local, remote, to, port, protocol, ingress, v);
    v.allowed = baseline != Outcome::Deny;
    return v;
  };
  Verdict v;
  if (from.pod) v.egress = side(*from.pod, to, false);
  if (to.pod) v.ingress = side(*to.pod, from, true);
  return v;
}

bool TieredEvaluator::allowed(const std::string& from, const std::string& to, int port,
                              const std::string& protocol) const {
  const Pod* f = cluster().findPod(from);
  const Pod* t = cluster().findPod(to);
  if (!f) throw std::invalid_argument("unknown pod " + from);
  if (!t) throw std::invalid_argument("unknown pod " + to);
  return evaluate(*f, *t, port, protocol).allowed();
}

}  // namespace nplc::eval
