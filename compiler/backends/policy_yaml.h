#pragma once
// YAML pieces both policy targets write the same way: label selectors
// (matchLabels + matchExpressions) and the kustomization.yaml of a target.
#include <string>
#include <vector>

#include "backends/output.h"
#include "backends/yaml_writer.h"
#include "model/model.h"
#include "source/source_manager.h"
#include "util/threads.h"

namespace nplc::backends {

// `{}` for the empty selector; a key repeated with `:` goes to matchExpressions.
void emitLabelSelector(YamlWriter& out, const model::LabelSelector& sel);

// The `cidr` and `except` keys of an address block (in the current map).
void emitCidr(YamlWriter& out, const model::IpBlock& block);

// A Kustomization listing `resources` (paths relative to the target folder).
std::string kustomization(const std::vector<std::string>& resources);

// The nplc.dev/source annotation: "FILE:LINE" ("nplc" for no line).
std::string sourceAnnotation(const source::SourceManager& sm, source::Span span);
// The source text of `span` on one line: each run of blanks is one space.
std::string spanOnOneLine(const source::SourceManager& sm, source::Span span);

// Opens a policy object's map and writes apiVersion, kind and metadata (name,
// namespace unless empty (a cluster-scoped object), nplc's managed-by label,
// the nplc.dev/source annotation `source`); the caller writes `spec` and
// closes the map.
void beginPolicyObject(YamlWriter& out, const char* apiVersion, const char* kind, const std::string& name,
                       const std::string& ns, const std::string& source);

// TARGET/NAMESPACE/NAME.yaml for each policy (rendered by `render`), and
// TARGET/kustomization.yaml listing them: the layout of both policy targets.
// Many policies are rendered on one thread per core (util/threads.h), so
// `render` only reads: the targets report their diagnostics before.
template <class Policy, class Render>
void addPolicyFiles(OutputFiles& files, const std::string& target, const model::Program& p,
                    const std::vector<Policy>& policies, Render render) {
  std::vector<std::string> texts(policies.size());
  util::forEachIndex(policies.size(), 256, [&](std::size_t i) { texts[i] = render(policies[i]); });
  std::vector<std::string> resources;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    const auto& pol = policies[i];
    // A cluster-scoped object (ns kNone) at the top, where no namespace folder can meet it.
    const std::string rel = (pol.ns == model::kNone ? "" : p.namespaces[pol.ns].name + "/") + pol.name + ".yaml";
    files[target + "/" + rel] = std::move(texts[i]);
    resources.push_back(rel);
  }
  files[target + "/kustomization.yaml"] = kustomization(resources);
}

}  // namespace nplc::backends
