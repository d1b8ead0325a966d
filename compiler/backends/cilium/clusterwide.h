#pragma once
// The cluster-scope blocks (`admin { }`, `baseline { }`) as
// CiliumClusterwideNetworkPolicy objects, when the build does not also write
// the ClusterNetworkPolicy target (docs/language.md, "The Cilium target:
// cluster blocks"). The blocks mean what ClusterNetworkPolicy means (Admin,
// then the namespaces' policies, then Baseline, first match within a tier);
// Cilium has no tiers and no order (allows are a union, a deny rule wins over
// every allow, a policy isolates the pods it selects), so a statement is
// translated only where the two meanings are the same for every pod, and is
// a located error otherwise (E0606-E0609):
// - admin allow: an allow rule that does not isolate (enableDefaultDeny false);
// - admin deny: a deny rule;
// - baseline statements apply only where no namespace policy selects the pod
//   for that direction: their objects select the subject's pods of each
//   managed namespace minus the pods the plan's policies select there;
//   baseline allow is an allow rule that does not isolate, `deny-all` (a deny
//   of everything) isolates (ingress keeps what ClusterNetworkPolicy cannot
//   deny there: every source that is not a pod), any other deny is a deny rule;
// - refused: `pass` and DNS names outside an egress allow (E0606); an allow
//   followed by a deny that may match the same traffic, which Cilium's deny
//   would take (E0607); a baseline allow after a baseline deny that may match
//   its traffic, never reached in ClusterNetworkPolicy but allowed by Cilium's
//   union (E0608); a baseline statement on pods whose namespace policies nplc
//   cannot see or cannot leave out with a selector (E0609).
#include <vector>

#include "backends/cilium/cilium_policy.h"
#include "backends/cilium/context.h"

namespace nplc::backends::cilium {

// The objects, cluster-scoped (Policy::ns is kNone), in statement order.
std::vector<Policy> clusterwidePolicies(Context& cx);

}  // namespace nplc::backends::cilium
