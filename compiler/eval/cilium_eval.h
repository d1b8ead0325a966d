#pragma once
// Reachability under a set of CiliumNetworkPolicies, written from Cilium's
// documented semantics:
// - a pod's identity is its labels (source k8s), plus
//   k8s:io.kubernetes.pod.namespace and k8s:io.cilium.k8s.namespace.labels.*;
//   an address or a DNS name outside the pods is reserved:world, an entity
//   reserved:NAME;
// - a pod is in default deny for a direction when some policy selecting it
//   has that section (ingress/ingressDeny, egress/egressDeny) and does not
//   set enableDefaultDeny to false for it; ends that are not pods are never
//   isolated;
// - an allow rule matches on its L3 part: from/toEndpoints by identity;
//   entities (`all` everything, `cluster` pods and the cluster's entities,
//   `world` addresses and DNS names outside, others by name); CIDR rules the
//   address of an end that is not a pod (never a pod); toFQDNs a DNS name by
//   matchName or matchPattern. A rule without L3 matches every peer when it
//   has toPorts and nothing otherwise (`ingress: [{}]` allows nothing);
// - toPorts: protocol ANY is TCP, UDP and SCTP; port "0" every port; named
//   ports are the destination pod's container ports;
// - deny rules win over every allow;
// - L7: when some matching rule has no HTTP rules for that port, every
//   request passes (Cilium merges the rules); otherwise a request passes when
//   one HTTP rule matches its method and path (regexps, whole value).
#include <string>
#include <vector>

#include "eval/cilium_policy.h"
#include "eval/verdict.h"

namespace nplc::eval::cilium {

using eval::HttpRequest;

class Evaluator {
 public:
  Evaluator(const Cluster& cluster, std::vector<CiliumPolicy> policies);

  // Without a request: is a connection on that port allowed (L3/L4)? With
  // one: is that HTTP request allowed?
  Verdict evaluate(const Endpoint& from, const Endpoint& to, int port, const std::string& protocol,
                   const HttpRequest* request = nullptr) const;
  // Pods named "ns/name"; throws std::invalid_argument for unknown pods.
  bool allowed(const std::string& from, const std::string& to, int port, const std::string& protocol,
               const HttpRequest* request = nullptr) const;

  Identity identity(const Endpoint& end) const;
  const Cluster& cluster() const { return cluster_; }

 private:
  SideVerdict side(const Pod& local, const Endpoint& remote, const Endpoint& destination, int port,
                   const std::string& protocol, const HttpRequest* request, bool ingress) const;

  Cluster cluster_;
  std::vector<CiliumPolicy> policies_;
};

}  // namespace nplc::eval::cilium
