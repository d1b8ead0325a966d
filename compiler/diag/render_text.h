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
  // At most this many diagnostics are printed (then one line says how many
  // more there are): a file with a million errors stays readable and fast.
  std::size_t maxDiagnostics = 100;
};

void renderText(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                const RenderOptions& opts);

// "2 errors, 1 warning" style summary line, or empty when there is nothing.
std::string summaryLine(std::size_t errors, std::size_t warnings);

// A message as every renderer shows it: a huge quoted value is cut in its
// middle ("…[N bytes]…"), so a 10 MB line never floods a terminal or editor.
std::string clip(std::string_view s);

}  // namespace nplc::diag
