#pragma once
// Strict readers of policy YAML shared by the NetworkPolicy and the
// CiliumNetworkPolicy parsers: any surprise is a PolicyError naming where.
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "network_policy.h"

namespace npl::eval::yaml {

[[noreturn]] inline void fail(const std::string& where, const std::string& msg) {
  throw PolicyError(where + ": " + msg);
}

inline bool present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

// Rejects fields the API does not know (catches misspelt keys in generated YAML).
inline void checkKeys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) {
  if (!map.IsMap()) fail(where, "expected a mapping");
  for (const auto& kv : map) {
    auto key = kv.first.as<std::string>();
    if (!allowed.count(key)) fail(where, "unknown field '" + key + "'");
  }
}

inline std::string scalar(const YAML::Node& n, const std::string& where) {
  if (!n.IsScalar()) fail(where, "expected a scalar");
  return n.as<std::string>();
}

}  // namespace npl::eval::yaml
