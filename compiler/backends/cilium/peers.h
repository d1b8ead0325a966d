#pragma once
// How NPL peers read as Cilium L3 selectors, seen from a policy in namespace
// `policyNs` (k8s-validation.md §2.4): a CiliumNetworkPolicy scopes every
// endpoint selector to its own namespace unless the selector names a namespace
// (k8s:io.kubernetes.pod.namespace) or namespace labels
// (k8s:io.cilium.k8s.namespace.labels.KEY).
#include <optional>
#include <string>
#include <vector>

#include "analysis/well_known.h"
#include "backends/cilium/cilium_policy.h"

namespace nplc::backends::cilium {

inline constexpr const char* kPodNamespaceKey = analysis::kCiliumPodNamespaceKey;
inline constexpr const char* kNamespaceLabelsPrefix = analysis::kCiliumNamespaceLabelsPrefix;

// The selector standing for the pods of a pod peer (service, `*`, `ns/*`,
// `*/*`, `pods { }`, `namespaces { }`); nullopt for other kinds.
std::optional<Selector> endpointSelector(const model::Program& p, const model::Peer& peer, model::Index policyNs);

// Pods of kube-system labelled k8s-app=kube-dns: where the DNS visibility rule goes.
Selector kubeDnsSelector();

// A canonical text for comparing selectors.
std::string selectorText(const Selector& s);

// The pod ranges (of `podCidrs`) that some address of `block` (its CIDR
// minus its excepts) falls into.
std::vector<util::Cidr> podRangesReached(const model::IpBlock& block, const std::vector<util::Cidr>& podCidrs);

}  // namespace nplc::backends::cilium
