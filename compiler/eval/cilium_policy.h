// CiliumNetworkPolicy (cilium.io/v2) objects as the Cilium evaluator sees
// them, parsed from YAML with yaml-cpp.
//
// Only the fields nplc may generate are accepted (and fromCIDR/toCIDR, which
// `nplc import`'s tests write by hand); anything else is an error, so that
// the evaluator never silently ignores part of a policy.
// Namespace scoping is applied while parsing, as Cilium does when it imports
// a CiliumNetworkPolicy (k8s-validation.md §2.4): the endpointSelector always
// gets the policy's namespace; from/toEndpoints selectors get it unless they
// mention io.kubernetes.pod.namespace, io.cilium.k8s.namespace.labels.* or a
// reserved: label.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "eval/cluster.h"
#include "eval/network_policy.h"

namespace nplc::eval::cilium {

// A label as Cilium stores it: source ("k8s", "reserved", …) and key.
struct Label {
  std::string source, key, value;
};
using Identity = std::vector<Label>;

// Selector requirement; source "any" matches every source (keys without a
// "source:" prefix).
struct Req {
  std::string source, key;
  Requirement::Op op = Requirement::Op::In;
  std::vector<std::string> values;
};

struct EndpointSelector {
  std::vector<Req> reqs;  // ANDed; empty matches every identity
  bool matches(const Identity& id) const;
  bool mentions(const std::string& key) const;           // any source
  bool mentionsPrefix(const std::string& prefix) const;  // any source
  bool mentionsSource(const std::string& source) const;
};

struct PortProtocol {
  std::string port;  // number, "0" (every port) or a named port
  int endPort = 0;
  std::string protocol = "ANY";  // TCP UDP SCTP ANY
};

struct HttpRule {
  std::string method, path;  // regexps matched against the whole value; empty = any
};

struct PortRule {
  std::vector<PortProtocol> ports;
  std::vector<HttpRule> http;
  bool hasHttp = false;  // rules.http present
  bool hasDns = false;   // rules.dns present
};

// A toCIDRSet entry: a CIDR and its holes, as a NetworkPolicy ipBlock.
using CidrRule = IPBlock;

// A toFQDNs entry: matchName (the whole name) or matchPattern (`*` stands for
// any characters of one DNS label, never a dot).
struct FqdnRule {
  bool pattern = false;
  std::string value;
  bool matches(const std::string& dnsName) const;
};

struct Rule {
  std::vector<EndpointSelector> endpoints;
  std::vector<CidrRule> cidrs;
  std::vector<std::string> entities;
  std::vector<FqdnRule> fqdns;
  std::vector<PortRule> toPorts;  // empty: every port and protocol
  bool hasL3() const { return !endpoints.empty() || !cidrs.empty() || !entities.empty() || !fqdns.empty(); }
};

struct CiliumPolicy {
  std::string name, ns;  // ns empty: a CiliumClusterwideNetworkPolicy
  bool clusterwide = false;
  EndpointSelector endpointSelector;
  std::vector<Rule> ingress, egress, ingressDeny, egressDeny;
  std::optional<bool> defaultDenyIngress, defaultDenyEgress;  // enableDefaultDeny
};

// Every non-empty document must be a cilium.io/v2 CiliumNetworkPolicy with
// metadata.name and metadata.namespace and a `spec`, or a
// CiliumClusterwideNetworkPolicy (no namespace, no scoping; its selectors
// must name namespaces, an empty one is refused). Throws PolicyError.
std::vector<CiliumPolicy> parseCiliumPolicies(const std::string& yamlText, const std::string& origin = "<yaml>");

}  // namespace nplc::eval::cilium
