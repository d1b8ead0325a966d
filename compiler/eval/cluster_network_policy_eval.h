#pragma once
// Reachability under ClusterNetworkPolicies and NetworkPolicies together,
// written from the documented semantics of policy.networking.k8s.io/v1alpha2:
// - each end is decided on its own (egress at the source, ingress at the
//   destination) and both must allow;
// - tiers in order: Admin CNPs, NetworkPolicy, Baseline CNPs, default allow;
// - within a tier, the CNPs whose subject selects the pod by priority (lower
//   first; equal priorities by name, an order the API leaves unspecified),
//   each one's rules of that direction in written order: the first rule whose
//   peers and protocols match decides. Accept allows, Deny drops, Pass skips
//   the rest of the tier. A rule nothing matches goes on (no implicit
//   isolation);
// - NetworkPolicy is final for the pods it isolates in that direction;
// - host-network pods are never subjects, nor `namespaces`/`pods` peers;
//   `networks` match any address (pods and nodes too), `nodes` the addresses
//   of the selected nodes, `domainNames` a DNS name end (exact or `*.`);
// - protocols omitted: all traffic; a named port is the destination pod's
//   container port of that name (with its protocol);
// - a pod reaching itself is not subject to CNP.
// The middle tier is NetworkPolicy, or another target's namespaced objects
// (CiliumNetworkPolicy) judged by their own evaluator.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eval/cluster.h"
#include "eval/cluster_network_policy.h"
#include "eval/network_policy_eval.h"
#include "eval/verdict.h"

namespace nplc::eval {

class TieredEvaluator {
 public:
  // The verdict of the namespaced policies (the tier between Admin and
  // Baseline); a side it does not isolate goes on to Baseline.
  using NamespaceTier = std::function<Verdict(const Endpoint& from, const Endpoint& to, int port,
                                              const std::string& protocol, const HttpRequest* request)>;

  TieredEvaluator(const Cluster& cluster, std::vector<ClusterNetworkPolicy> clusterPolicies,
                  std::vector<NetworkPolicy> policies);
  TieredEvaluator(const Cluster& cluster, std::vector<ClusterNetworkPolicy> clusterPolicies, NamespaceTier namespaced);

  Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                   const HttpRequest* request = nullptr) const;
  // Pods named "ns/name"; throws std::invalid_argument for unknown pods.
  bool allowed(const std::string& from, const std::string& to, int port, const std::string& protocol) const;
  // Whether an Admin rule accepts some connection: then the namespace tier's
  // isolation does not bound what is allowed.
  bool adminAccepts() const;

  const Cluster& cluster() const { return cluster_; }
  const std::vector<ClusterNetworkPolicy>& clusterPolicies() const { return cnps_; }

 private:
  enum class Outcome { Accept, Deny, Pass, NoMatch };
  // The tier's decision for `local` in one direction; the deciding rule is
  // recorded in `v`.
  Outcome tier(ClusterNetworkPolicy::Tier tier, const Pod& local, const Endpoint& remote, const Endpoint& destination,
               int port, const std::string& protocol, bool ingress, SideVerdict& v) const;
  bool peerMatches(const CnpPeer& peer, const Endpoint& remote) const;

  Cluster cluster_;
  std::vector<ClusterNetworkPolicy> cnps_;  // sorted by (tier, priority, name)
  std::shared_ptr<const NetworkPolicyEvaluator> np_;  // the NetworkPolicy tier, when it is the one
  NamespaceTier namespaced_;
};

}  // namespace nplc::eval
