#pragma once
// The ClusterNetworkPolicy target (policy.networking.k8s.io/v1alpha2): the
// `admin { }` and `baseline { }` blocks as cluster-scoped objects, one file
// each under cluster-network-policy/, plus its kustomization.yaml.
//
// Each side of a statement (egress at its source, ingress at its
// destination, for the pods among them) becomes one object whose subject is
// that side's pods and whose one rule carries the statement's action, so
// that priorities alone keep the statements' source order for every pod:
// per tier, an object's priority is the next multiple of 10 after the
// previous one (gaps for hand-made objects), or the statement's `priority N`;
// an object split for the API's limits (25 peers, 25 CIDRs, 25 protocols)
// takes the next priorities. Rule names carry FILE:LINE.
#include "backends/backend.h"

namespace nplc::backends::cluster_network_policy {

OutputFiles generate(const BackendInput& in);

}  // namespace nplc::backends::cluster_network_policy
