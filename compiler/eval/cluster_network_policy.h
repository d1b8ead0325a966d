#pragma once
// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) objects as the
// evaluator sees them. Parsed from YAML text with yaml-cpp; anything the CRD
// (standard or experimental: `nodes` and `domainNames` peers) would refuse is
// a PolicyError, its CEL rules included, so no part of an object is ignored.
#include <string>
#include <vector>

#include "eval/cluster.h"
#include "eval/network_policy.h"

namespace nplc::eval {

// One entry of a rule's `protocols`: a protocol with a port or an inclusive
// range, or a named port of the destination pod (any protocol, the port's).
struct CnpProtocol {
  std::string protocol;  // "TCP", "UDP", "SCTP"; empty for a named port
  int first = 0, last = 0;
  std::string namedPort;  // destinationNamedPort
};

struct CnpPeer {
  enum class Kind { Namespaces, Pods, Networks, Nodes, DomainNames };
  Kind kind = Kind::Namespaces;
  LabelSelector namespaceSelector;  // Namespaces, Pods
  LabelSelector podSelector;        // Pods
  LabelSelector nodeSelector;       // Nodes
  std::vector<util::Cidr> networks;
  std::vector<std::string> domainNames;  // "*.example.com" or exact, lower case, no trailing dot
};

struct CnpRule {
  enum class Action { Accept, Deny, Pass };
  std::string name;  // may be empty
  Action action = Action::Accept;
  std::vector<CnpPeer> peers;
  std::vector<CnpProtocol> protocols;  // empty = all traffic
};

struct ClusterNetworkPolicy {
  enum class Tier { Admin, Baseline };
  std::string name;
  Tier tier = Tier::Admin;
  int priority = 0;
  // subject: `namespaces` (podSelector stays empty) or `pods`.
  LabelSelector subjectNamespaces;
  LabelSelector subjectPods;
  std::vector<CnpRule> ingress;
  std::vector<CnpRule> egress;
};

const char* actionName(CnpRule::Action action);
const char* tierName(ClusterNetworkPolicy::Tier tier);

// Every non-empty document of `yamlText` must be a v1alpha2
// ClusterNetworkPolicy with metadata.name and no namespace.
std::vector<ClusterNetworkPolicy> parseClusterNetworkPolicies(const std::string& yamlText,
                                                              const std::string& origin = "<yaml>");

// Both kinds from one stream (the upstream conformance states mix them):
// every document is a NetworkPolicy or a ClusterNetworkPolicy.
struct PolicySet {
  std::vector<ClusterNetworkPolicy> cluster;
  std::vector<NetworkPolicy> namespaced;
};
void parseMixedPolicies(const std::string& yamlText, const std::string& origin, PolicySet& into);

}  // namespace nplc::eval
