#pragma once
// Renders diagnostics in the manner of clang and rustc:
//   file:line:col: error[E0103]: message
//      12 |   apii -> database:5432
//         |   ^^^^
//   file:line:col: note: label message
//   = note: ...
//   = help: ...
#include <ostream>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source_manager.h"

namespace nplc::diag {

struct RenderOptions {
  bool color = false;
};

void renderText(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                const RenderOptions& opts);

// "2 errors, 1 warning" style summary line, or empty when there is nothing.
std::string summaryLine(std::size_t errors, std::size_t warnings);

}  // namespace nplc::diag
