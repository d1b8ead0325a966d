#pragma once
// What a backend returns: files relative to the output folder. The driver
// writes them, atomically, only after every stage succeeded.
#include <compare>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nplc::backends {

// Sorted by path, so writing and listing are deterministic.
using OutputFiles = std::map<std::string, std::string>;

// One rule of a generated object: TARGET, the object's namespace and name,
// its section (ingress, egress, ingressDeny, egressDeny) and its index there.
struct RuleKey {
  std::string target, ns, name, section;
  std::size_t index = 0;
  auto operator<=>(const RuleKey&) const = default;
};

// Where a rule comes from: indexes into Program::edges (allow sections) or
// Program::denies (deny sections); no index for a rule nplc adds itself,
// which `added` then says ("the DNS visibility rule of toFQDNs"). A
// ClusterNetworkPolicy rule (no namespace in its key) comes from one
// cluster-scope statement: an index into Program::clusterRules.
struct RuleOrigin {
  std::vector<std::size_t> edges;
  std::string added;
  std::optional<std::size_t> clusterRule;
};

// RuleOrigin::added of the egress rule the Cilium target adds beside a
// toFQDNs rule, so that the DNS proxy sees the pod's lookups.
inline constexpr const char* kDnsLookupsRule = "the rule nplc adds so that Cilium sees the DNS lookups of toFQDNs";

// Filled by the backends that write policy objects, as they lay out their
// rules (the layout is theirs: a plan rule may become several rules, or none).
using RuleOrigins = std::map<RuleKey, RuleOrigin>;

}  // namespace nplc::backends
