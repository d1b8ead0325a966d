#include "import/read.h"

#include "eval/yaml_read.h"

namespace nplc::import {

std::string Location::str() const { return file + ":" + std::to_string(line) + ":" + std::to_string(col); }

Location locate(const std::string& file, const YAML::Node& node) {
  if (!node.IsDefined()) return {file, 1, 1};  // a missing field: callers locate its parent
  const auto mark = node.Mark();
  if (mark.is_null()) return {file, 1, 1};
  return {file, mark.line + 1, mark.column + 1};
}

namespace {

std::string field(const YAML::Node& map, const char* key) {
  return eval::yaml::present(map) && map.IsMap() && eval::yaml::present(map[key]) && map[key].IsScalar()
             ? map[key].as<std::string>()
             : "";
}

bool isCiliumKind(const std::string& kind) {
  return kind == "CiliumNetworkPolicy" || kind == "CiliumClusterwideNetworkPolicy";
}

void readObject(const YAML::Node& doc, const std::string& file, const Options& options, Result& result,
                std::vector<SourcePolicy>& out) {
  if (!doc.IsMap()) {
    result.errors.push_back({locate(file, doc), "expected a Kubernetes object (a mapping with `kind`)"});
    return;
  }
  const std::string kind = field(doc, "kind");
  if (kind == "List" || (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0)) {
    // `kubectl get … -o yaml` prints a List (or a NetworkPolicyList) of items.
    const auto items = doc["items"];
    if (!eval::yaml::present(items)) return;
    if (!items.IsSequence()) {
      result.errors.push_back({locate(file, items), "items: expected a list"});
      return;
    }
    for (const auto& item : items) readObject(item, file, options, result, out);
    return;
  }
  if (kind.empty()) {
    result.errors.push_back({locate(file, doc), "an object without `kind`"});
    return;
  }
  const auto meta = doc["metadata"];
  std::string ns = field(meta, "namespace");
  if (ns.empty()) ns = options.defaultNamespace;
  const std::string name = field(meta, "name");
  if (isCiliumKind(kind)) {
    ++result.policies;
    // Read field by field by import/cilium.cpp, which reports what it
    // cannot say instead of refusing the object.
    SourcePolicy sp{{}, doc, file, true, kind == "CiliumClusterwideNetworkPolicy" ? "" : ns};
    sp.np.name = name;
    out.push_back(std::move(sp));
    return;
  }
  if (kind != "NetworkPolicy") {
    ++result.skipped;
    return;
  }
  ++result.policies;
  // The evaluator's reader is the one strict statement of the API's rules;
  // it needs the namespace that kubectl would default.
  YAML::Node copy = YAML::Clone(doc);
  if (eval::yaml::present(copy["metadata"]) && copy["metadata"].IsMap()) copy["metadata"]["namespace"] = ns;
  try {
    out.push_back({eval::yaml::networkPolicy(copy, "NetworkPolicy"), doc, file, false, ns});
  } catch (const eval::PolicyError& e) {
    result.errors.push_back({locate(file, doc), std::string("not a valid NetworkPolicy: ") + e.what()});
  } catch (const YAML::Exception& e) {
    result.errors.push_back({locate(file, doc), std::string("not a valid NetworkPolicy: ") + e.msg});
  }
}

}  // namespace

std::vector<SourcePolicy> readPolicies(const std::vector<Input>& inputs, const Options& options, Result& result) {
  std::vector<SourcePolicy> out;
  for (const auto& input : inputs) {
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(input.text);
    } catch (const YAML::Exception& e) {
      result.errors.push_back({{input.path, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg});
      continue;
    }
    for (const auto& doc : docs) {
      if (eval::yaml::present(doc)) readObject(doc, input.path, options, result, out);
    }
  }
  return out;
}

}  // namespace nplc::import
