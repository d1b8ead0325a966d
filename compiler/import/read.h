#pragma once
// The policy objects of the inputs, with their YAML nodes for locating reports.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "eval/network_policy.h"
#include "import/import.h"

namespace nplc::import {

struct SourcePolicy {
  eval::NetworkPolicy np;  // a NetworkPolicy as the API reads it (eval/network_policy.h)
  YAML::Node node;         // the object, for the marks of its fields
  std::string file;
  // A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy (np is empty):
  // its namespace (the default one when it has none; "" when clusterwide).
  bool cilium = false;
  std::string ns;
};

// A field of `node` (spec.ingress[0]…) located in `file`.
Location locate(const std::string& file, const YAML::Node& node);

// Every NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy
// of the inputs, in input order; other kinds are counted in result.skipped.
std::vector<SourcePolicy> readPolicies(const std::vector<Input>& inputs, const Options& options, Result& result);

}  // namespace nplc::import
