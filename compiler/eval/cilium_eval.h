#pragma once
// Reachability under a set of CiliumNetworkPolicies, written from Cilium's
// documented semantics:
// - a CiliumClusterwideNetworkPolicy selects pods of every namespace and
//   its peer selectors are not scoped to a namespace;
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
#include <unordered_map>
#include <vector>

#include "eval/cilium_policy.h"
#include "eval/pod_table.h"
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

  // Whether some port could be allowed: each pod end is not in default deny
  // or has an allow rule whose L3 part matches the other end, ports and
  // denies aside. False means evaluate() allows no port and protocol.
  bool mayAllow(const Endpoint& from, const Endpoint& to) const;

  // Whether the allow rule `rule` matches `remote` only through its
  // entities or toFQDNs (neither its endpoint selectors nor its CIDRs);
  // never for a CiliumClusterwideNetworkPolicy's rule.
  bool onlyByEntityOrName(const RuleRef& rule, const Endpoint& remote) const;

  Identity identity(const Endpoint& end) const;
  const Cluster& cluster() const { return cluster_; }

 private:
  // Computed once for each pod of the cluster (pods are known by their key):
  // its identity and the policies whose endpointSelector selects it (a
  // policy selects pods of its own namespace only).
  struct Selected {
    Identity identity;
    std::vector<std::size_t> policies;
  };
  Selected select(const Pod& pod) const;
  // The cached entry, or `scratch` filled for a pod the cluster does not have.
  const Selected& selected(const Pod& pod, Selected& scratch) const;
  Identity podIdentity(const Pod& pod) const;
  // The identity of the other end (an entity's or world's in `scratch`).
  const Identity& peerIdentity(const Endpoint& remote, Selected& scratch) const;

  SideVerdict side(const Pod& local, const Endpoint& remote, const Endpoint& destination, int port,
                   const std::string& protocol, const HttpRequest* request, bool ingress) const;

  Cluster cluster_;
  std::vector<CiliumPolicy> policies_;
  std::unordered_map<std::string, std::vector<std::size_t>> byNamespace_;
  PodTable<Selected> selected_;
};

}  // namespace nplc::eval::cilium
