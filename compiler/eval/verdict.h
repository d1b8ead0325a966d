#pragma once
// What an evaluator says about one connection, and which generated objects
// decided it, so that a later stage can name the source lines behind them
// (every generated object names its policy; the plan knows where each came
// from).
#include <cstddef>
#include <string>
#include <vector>

namespace nplc::eval {

// An HTTP request on a connection (L7 rules judge it).
struct HttpRequest {
  std::string method, path;
};

// A generated object: "NetworkPolicy" or "CiliumNetworkPolicy", ns/name;
// a cluster-scoped one ("ClusterNetworkPolicy") has no ns.
struct PolicyRef {
  std::string kind, ns, name;
  std::string str() const { return kind + " " + (ns.empty() ? "" : ns + "/") + name; }
  bool operator==(const PolicyRef&) const = default;
};

// One rule of an object: its section (ingress, egress, ingressDeny,
// egressDeny) and its index there.
struct RuleRef {
  PolicyRef policy;
  std::string section;
  std::size_t index = 0;
  std::string str() const { return policy.str() + " " + section + "[" + std::to_string(index) + "]"; }
  bool operator==(const RuleRef&) const = default;
};

// One end's decision: the source's egress or the destination's ingress.
struct SideVerdict {
  bool allowed = true;
  bool isolated = false;              // some object selects the end for this direction
  std::vector<PolicyRef> isolatedBy;  // every object that isolates it
  std::vector<RuleRef> allowedBy;     // every allow rule that matches the connection
  std::vector<RuleRef> deniedBy;      // every deny rule that matches it (deny wins)
};

struct Verdict {
  SideVerdict egress;   // at the source (always allowed for an end that is not a pod)
  SideVerdict ingress;  // at the destination (likewise)
  bool allowed() const { return egress.allowed && ingress.allowed; }
};

}  // namespace nplc::eval
