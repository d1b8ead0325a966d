#pragma once
// The Kubernetes target: networking.k8s.io/v1 NetworkPolicy objects, one file
// per policy under kubernetes/<namespace>/, plus kubernetes/kustomization.yaml.
// What NetworkPolicy cannot express (L7, FQDN, entities) is reported, and the
// traffic it would allow is left out, never widened.
#include "backends/backend.h"
#include "diag/diagnostic.h"
#include "model/model.h"

namespace nplc::backends::kubernetes {

OutputFiles generate(const BackendInput& in);

}  // namespace nplc::backends::kubernetes
