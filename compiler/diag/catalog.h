#pragma once
// The catalog of every diagnostic code nplc can report, grouped by stage:
// E00xx input and syntax, E01xx imports and names, E02xx Kubernetes/Cilium
// validation rules, E03xx semantics, E04xx the Cilium target, W00xx warnings,
// W01xx warnings of the Cilium target.
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace nplc::diag {

struct CatalogEntry {
  std::string_view code;
  Severity severity;
  std::string_view title;    // one line, used in listings and SARIF rules
  std::string_view explain;  // longer text for `nplc explain`
  // Warnings: the stable name of -W<name> / -Wno-<name> (e.g. "no-baseline").
  std::string_view name = {};
};

const std::vector<CatalogEntry>& catalog();
const CatalogEntry* lookup(std::string_view code);
// A warning by its -W name or its code; nullptr when there is none.
const CatalogEntry* lookupWarning(std::string_view nameOrCode);

}  // namespace nplc::diag
