#pragma once
// The docs target: Markdown documentation of the service dependencies, from
// the same model as the policies, so it never drifts from them.
//   docs/index.md             what is enforced, counts, warnings, the diagram
//   docs/namespaces/NAME.md   per namespace: every service's callers and callees
// Links to the sources are relative to each page (or under --docs-source-url).
#include "backends/output.h"
#include "diag/diagnostic.h"
#include "model/model.h"

namespace nplc::backends::markdown {

// Reads the warnings already in `sink` (the analysis's: the driver runs this
// target before every other) and reports nothing itself.
OutputFiles generate(const Options& opts, const source::SourceManager& sm, const model::Program& program,
                     diag::Sink& sink);

}  // namespace nplc::backends::markdown
