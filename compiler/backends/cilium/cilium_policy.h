#pragma once
// The CiliumNetworkPolicy objects the Cilium backend builds from the policy
// plan, before they are written as YAML: close to cilium.io/v2's shape so that
// the checks read what will be written.
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"

namespace nplc::backends::cilium {

// An endpoint selector. Keys may carry a Cilium source prefix ("k8s:").
using Selector = model::LabelSelector;

struct PortProtocol {
  std::string port;           // "80", a named port, or "0" (every port of the protocol)
  std::uint16_t endPort = 0;  // 0: a single port
  std::string protocol;       // TCP, UDP, SCTP or ANY
};

struct HttpMatch {
  std::string method, path;  // Go regexps, matched against the whole value
};

struct PortRule {
  std::vector<PortProtocol> ports;  // at most kMaxPorts
  std::vector<HttpMatch> http;
  bool dnsAll = false;  // rules.dns: [{matchPattern: "*"}] (DNS visibility)
};

inline constexpr std::size_t kMaxPorts = 40;  // Cilium's limit per PortRule

// One item of ingress/egress/ingressDeny/egressDeny: Cilium accepts one L3
// kind per item. L3::None is the empty rule `{}`, which allows nothing.
struct Rule {
  enum class L3 { None, Endpoints, CidrSet, Entities, Fqdns };
  L3 kind = L3::None;
  std::vector<Selector> endpoints;
  std::vector<model::IpBlock> cidrs;
  std::vector<std::string> entities;
  std::vector<std::string> fqdns;   // names, or patterns with '*'
  std::vector<PortRule> toPorts;    // empty: every port and protocol
  std::vector<model::Index> edges;  // the edges it comes from (for messages)
};

struct Policy {
  std::string name;
  model::Index ns = model::kNone;
  Selector endpointSelector;
  // A section present isolates the selected pods in that direction.
  bool ingress = false, egress = false;
  std::vector<Rule> ingressRules, egressRules, ingressDeny, egressDeny;
  bool noDefaultDeny = false;  // enableDefaultDeny: false for its directions (deny-only policies, admin allows)
  model::Index clusterRule = model::kNone;  // a CiliumClusterwideNetworkPolicy's statement (ns is kNone)
  model::PolicySubject subject;  // a deny policy's: the service (or `*`) it denies for
  source::Span span;
};

}  // namespace nplc::backends::cilium
