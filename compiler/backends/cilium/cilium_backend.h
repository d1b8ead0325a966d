#pragma once
// The Cilium target: cilium.io/v2 CiliumNetworkPolicy objects, one file per
// policy under cilium/<namespace>/, plus cilium/kustomization.yaml. Same plan,
// names, labels and annotations as the Kubernetes target, with what only
// Cilium can enforce (HTTP rules, DNS names, entities, deny rules), and a
// located error wherever Cilium would read a rule differently from
// NetworkPolicy (docs/language.md, "The Cilium target").
#include "backends/backend.h"
#include "diag/diagnostic.h"
#include "model/model.h"

namespace nplc::backends::cilium {

OutputFiles generate(const BackendInput& in);

}  // namespace nplc::backends::cilium
