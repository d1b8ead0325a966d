#pragma once
// The docs target: Markdown documentation of the service dependencies, from
// the same model as the policies, so it never drifts from them.
//   docs/index.md             what is enforced, counts, warnings, the diagram
//   docs/namespaces/NAME.md   per namespace: every service's callers and callees
// Links to the sources are relative to each page (or under --docs-source-url).
#include "backends/backend.h"
#include "diag/diagnostic.h"
#include "model/model.h"

namespace nplc::backends::markdown {

// Lists the analysis's warnings as shown (in.analysis) and reports nothing itself.
OutputFiles generate(const BackendInput& in);

}  // namespace nplc::backends::markdown
