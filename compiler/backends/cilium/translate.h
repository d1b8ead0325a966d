#pragma once
// The policy plan as CiliumNetworkPolicy objects: one per plan policy, same
// name and pods. Reports, at the edge, what Cilium would read differently
// from the NetworkPolicy output (docs/language.md, "The Cilium target").
#include <vector>

#include "backends/cilium/cilium_policy.h"
#include "backends/cilium/context.h"

namespace nplc::backends::cilium {

std::vector<Policy> translatePlan(Context& cx);

// Shared with the deny rules: ports of one edge as Cilium PortRules (split
// every kMaxPorts), with the HTTP rules on each.
std::vector<PortRule> portRules(const std::vector<model::Port>& ports, const std::vector<model::HttpRule>& http);

// Checks a peer about to become an L3 selector of a rule on the `ingress`
// (or egress) side of a policy in namespace `ns`: pod addresses in a CIDR
// (E0402), label keys Cilium reads differently (E0407, E0408). `edge` is the
// edge or deny it comes from, for messages.
void checkRemotePeer(Context& cx, const model::Peer& peer, model::Index edge, source::Span edgeSpan);

// The L3 part of one peer; false when Cilium cannot express it (FQDN as a
// source, reported by the caller).
bool addPeer(Context& cx, const model::Peer& peer, model::Index policyNs, bool ingress, Rule& endpoints, Rule& cidrs,
             Rule& entities, Rule& fqdns);

}  // namespace nplc::backends::cilium
