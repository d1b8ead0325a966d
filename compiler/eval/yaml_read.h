#pragma once
// Strict readers of policy YAML shared by the NetworkPolicy and the
// CiliumNetworkPolicy parsers: any surprise is a PolicyError naming where.
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "eval/network_policy.h"
#include "eval/yaml_load.h"

namespace nplc::eval::yaml {

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

// A matchExpressions operator, as both APIs spell it.
inline Requirement::Op selectorOperator(const std::string& op, const std::string& where) {
  if (op == "In") return Requirement::Op::In;
  if (op == "NotIn") return Requirement::Op::NotIn;
  if (op == "Exists") return Requirement::Op::Exists;
  if (op == "DoesNotExist") return Requirement::Op::DoesNotExist;
  fail(where, "not a valid selector operator: " + op);
}

// A list of scalars (absent: empty).
std::vector<std::string> stringList(const YAML::Node& n, const std::string& where);
// A Kubernetes label selector (matchLabels, matchExpressions); absent: empty,
// which matches everything.
LabelSelector labelSelector(const YAML::Node& n, const std::string& where);

// One NetworkPolicy document (network_policy.cpp).
NetworkPolicy networkPolicy(const YAML::Node& doc, const std::string& where);

// Every non-empty document of a YAML stream, parsed by `parseOne(doc, where)`;
// `where` names the document ("origin (document 2)" when there are several).
template <class ParseOne>
auto parseDocuments(const std::string& yamlText, const std::string& origin, ParseOne parseOne)
    -> std::vector<decltype(parseOne(YAML::Node(), std::string()))> {
  std::vector<YAML::Node> docs;
  try {
    docs = loadAll(yamlText);
  } catch (const YAML::Exception& e) {
    throw PolicyError(origin + ": invalid YAML: " + e.what());
  }
  std::vector<decltype(parseOne(YAML::Node(), std::string()))> out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (!present(docs[i])) continue;
    const std::string where = origin + (docs.size() > 1 ? " (document " + std::to_string(i + 1) + ")" : "");
    try {
      out.push_back(parseOne(docs[i], where));
    } catch (const YAML::Exception& e) {
      throw PolicyError(where + ": " + e.what());
    }
  }
  return out;
}

}  // namespace nplc::eval::yaml
