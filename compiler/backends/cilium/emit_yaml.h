#pragma once
// One CiliumNetworkPolicy as YAML text: deterministic, every ambiguous scalar
// quoted (backends/yaml_scalars.h), ports as strings as Cilium wants them.
#include <string>

#include "backends/cilium/cilium_policy.h"

namespace nplc::backends::cilium {

// `source` is the nplc.dev/source annotation ("file:line").
std::string emitPolicy(const model::Program& p, const Policy& pol, const std::string& source);

}  // namespace nplc::backends::cilium
