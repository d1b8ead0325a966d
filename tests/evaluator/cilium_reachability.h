// Pod-to-pod reachability under a set of CiliumNetworkPolicies, written from
// Cilium's documented semantics (test-only code, not part of nplc):
// - a pod's identity is its labels (source k8s), plus
//   k8s:io.kubernetes.pod.namespace and k8s:io.cilium.k8s.namespace.labels.*;
// - a pod is in default deny for a direction when some policy selecting it
//   has that section (ingress/ingressDeny, egress/egressDeny) and does not
//   set enableDefaultDeny to false for it;
// - an allow rule matches on its L3 part (fromEndpoints/toEndpoints, or the
//   entities `all` and `cluster`; CIDR and FQDN rules never match pods), and
//   a rule without L3 matches every peer when it has toPorts and nothing
//   otherwise (`ingress: [{}]` allows nothing);
// - toPorts: protocol ANY is TCP, UDP and SCTP; port "0" every port; named
//   ports are the destination pod's container ports;
// - deny rules win over every allow;
// - L7: when some matching rule has no HTTP rules for that port, every
//   request passes (Cilium merges the rules); otherwise a request passes when
//   one HTTP rule matches its method and path (regexps, whole value).
#pragma once

#include <string>
#include <vector>

#include "cilium_policy.h"
#include "reachability.h"

namespace npl::eval::cilium {

struct HttpRequest {
  std::string method, path;
};

class Evaluator {
 public:
  Evaluator(const Cluster& cluster, std::vector<CiliumPolicy> policies);

  // Without a request: is a connection on that port allowed (L3/L4)? With
  // one: is that HTTP request allowed?
  Verdict evaluate(const Pod& from, const Pod& to, int port, const std::string& protocol,
                   const HttpRequest* request = nullptr) const;
  // Pods named "ns/name"; throws std::invalid_argument for unknown pods.
  bool allowed(const std::string& from, const std::string& to, int port, const std::string& protocol,
               const HttpRequest* request = nullptr) const;

  Identity identity(const Pod& pod) const;

 private:
  bool side(const Pod& local, const Pod& remote, const Pod& destination, int port, const std::string& protocol,
            const HttpRequest* request, bool ingress) const;

  Cluster cluster_;
  std::vector<CiliumPolicy> policies_;
};

}  // namespace npl::eval::cilium
