#pragma once
// Reachability under a set of Kubernetes NetworkPolicies, written from the API
// semantics (networking.k8s.io/v1): a connection needs egress allowed at the
// source and ingress allowed at the destination; a pod is isolated in a
// direction iff some policy of its namespace selects it with that policy
// type; the rules of every selecting policy are unioned; a rule matches when
// one of its ports (named ports against the destination's container ports,
// endPort ranges) and one of its peers match (podSelector alone: the
// policy's namespace; with namespaceSelector: AND; ipBlock: the peer's
// address, outside every `except`, pods included). An end that is not a pod
// is never isolated and matches only ipBlock peers (by its address) and
// rules without peers.
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/cluster.h"
#include "eval/network_policy.h"
#include "eval/pod_table.h"
#include "eval/verdict.h"

namespace nplc::eval {

class NetworkPolicyEvaluator {
 public:
  // The cluster is copied. Policies in namespaces absent from it select nothing.
  NetworkPolicyEvaluator(const Cluster& cluster, std::vector<NetworkPolicy> policies);

  // `protocol` is "TCP", "UDP" or "SCTP"; `port` is the destination's port.
  // A pod's namespace labels are those of cluster().
  Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol) const;
  bool allowed(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol) const {
    return evaluate(from, to, port, protocol).allowed();
  }
  // Pods named "ns/name"; throws std::invalid_argument for unknown pods.
  bool allowed(const std::string& from, const std::string& to, int port, const std::string& protocol) const;

  // Whether some port could be allowed: each pod end is not isolated or has
  // an allow rule whose peers match the other end, ports aside. False means
  // evaluate() allows no port and protocol (the matrix skips such pairs).
  bool mayAllow(const Endpoint& from, const Endpoint& to) const;

  const Cluster& cluster() const { return cluster_; }
  const std::vector<NetworkPolicy>& policies() const { return policies_; }

 private:
  // The policies selecting `local` for that direction (by namespace, then
  // selector; computed once for the cluster's pods, whose key identifies them).
  // `scratch` holds the answer for a pod the cluster does not have.
  const std::vector<std::size_t>& selecting(const Pod& local, bool ingress, std::vector<std::size_t>& scratch) const;
  void scan(const Pod& local, bool ingress, std::vector<std::size_t>& out) const;
  bool peerMatchesAny(const NetworkPolicy& np, const Rule& rule, const Endpoint& peer) const;
  SideVerdict side(const Pod& local, const Endpoint& remote, const Endpoint& destination, int port,
                   const std::string& protocol, bool ingress) const;
  bool peerMatches(const NetworkPolicy& np, const Peer& peer, const Endpoint& other) const;
  bool ruleMatches(const NetworkPolicy& np, const Rule& rule, const Endpoint& peer, const Endpoint& destination,
                   int port, const std::string& protocol) const;

  Cluster cluster_;
  std::vector<NetworkPolicy> policies_;
  std::unordered_map<std::string, std::vector<std::size_t>> byNamespace_;
  PodTable<std::vector<std::size_t>> selecting_[2];  // [ingress]
};

}  // namespace nplc::eval
