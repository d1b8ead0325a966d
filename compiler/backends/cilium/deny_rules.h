#pragma once
// With --cilium-deny-rules, every deny intent also becomes Cilium deny rules:
// an ingressDeny on its destination and an egressDeny on its source, where
// that side is a service or `*` of a managed namespace. Deny rules win over
// every allow of every policy, nplc's or not. They live in their own policies
// (SUBJECT-ingress-deny, SUBJECT-egress-deny) with enableDefaultDeny false, so
// that they never isolate a pod by themselves.
#include <vector>

#include "backends/cilium/cilium_policy.h"
#include "backends/cilium/context.h"

namespace nplc::backends::cilium {

std::vector<Policy> denyPolicies(Context& cx);

}  // namespace nplc::backends::cilium
