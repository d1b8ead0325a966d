// Pod-to-pod reachability under a set of Kubernetes NetworkPolicies, written
// from the API semantics (see docs of networking.k8s.io/v1 NetworkPolicy):
// a connection needs egress allowed at the source and ingress allowed at the
// destination; a pod is isolated in a direction iff some policy of its
// namespace selects it with that policy type; rules of all selecting policies
// are unioned.
#pragma once

#include <string>
#include <vector>

#include "cluster_model.h"
#include "network_policy.h"

namespace npl::eval {

struct Verdict {
  bool egress = true;   // allowed by the source's egress policies
  bool ingress = true;  // allowed by the destination's ingress policies
  bool allowed() const { return egress && ingress; }
};

class Evaluator {
 public:
  // The cluster is copied. Policies in namespaces absent from it select nothing.
  Evaluator(const Cluster& cluster, std::vector<NetworkPolicy> policies);

  // `protocol` is "TCP", "UDP" or "SCTP"; `port` is the destination pod's port.
  Verdict evaluate(const Pod& from, const Pod& to, int port, const std::string& protocol) const;
  bool allowed(const Pod& from, const Pod& to, int port, const std::string& protocol) const {
    return evaluate(from, to, port, protocol).allowed();
  }
  // Pods named "ns/name"; throws std::invalid_argument for unknown pods.
  bool allowed(const std::string& from, const std::string& to, int port, const std::string& protocol) const;

  const std::vector<NetworkPolicy>& policies() const { return policies_; }

 private:
  bool selects(const NetworkPolicy& np, const Pod& pod) const;
  bool peerMatches(const NetworkPolicy& np, const Peer& peer, const Pod& other) const;
  static bool portMatches(const PolicyPort& pp, const Pod& destination, int port, const std::string& protocol);
  bool ruleMatches(const NetworkPolicy& np, const Rule& rule, const Pod& peer, const Pod& destination, int port,
                   const std::string& protocol) const;

  Cluster cluster_;
  std::vector<NetworkPolicy> policies_;
};

}  // namespace npl::eval
