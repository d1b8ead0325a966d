#pragma once
// YAML pieces both policy targets write the same way: label selectors
// (matchLabels + matchExpressions) and the kustomization.yaml of a target.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "model/model.h"

namespace nplc::backends {

// `{}` for the empty selector; a key repeated with `:` goes to matchExpressions.
void emitLabelSelector(YAML::Emitter& out, const model::LabelSelector& sel);

// A Kustomization listing `resources` (paths relative to the target folder).
std::string kustomization(const std::vector<std::string>& resources);

}  // namespace nplc::backends
