// `nplc import`: the objects read (read.cpp), each into the Importer by its
// kind (network_policy.cpp, cilium.cpp), then one formatted file per namespace.
#include "import/import.h"

#include "diag/diagnostic.h"
#include "import/read.h"
#include "import/sources.h"
#include "layout/layout.h"
#include "util/check.h"

namespace nplc::import {

Result importPolicies(const std::vector<Input>& inputs, const Options& options) {
  Result result;
  const auto policies = readPolicies(inputs, options, result);
  Importer importer(result);
  for (const bool rulesPass : {false, true})
    for (const auto& sp : policies) {
      if (sp.cilium)
        addCiliumPolicy(importer, sp, rulesPass);
      else
        addNetworkPolicy(importer, sp, rulesPass);
    }
  for (auto& [ns, text] : importer.render()) {
    diag::Sink sink;
    auto formatted = layout::formatText(ns + ".npl", text, sink);
    NPLC_CHECK(formatted.has_value(), "nplc import wrote NPL that does not parse:\n" + text);
    result.files[ns] = *formatted;
  }
  return result;
}

}  // namespace nplc::import
