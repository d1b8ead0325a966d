#pragma once
// The machine-readable formats of `--format` (docs/ci.md describes each):
//   json    nplc's own, stable, versioned document;
//   sarif   SARIF 2.1.0 for GitHub code scanning and other SARIF viewers;
//   github  GitHub Actions workflow commands (::error file=...::message).
// The text format is render_text.h.
#include <ostream>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source_manager.h"

namespace nplc::diag {

struct RunInfo {
  std::vector<std::string> ioErrors;  // problems that are not about a source line
  std::size_t errors = 0, warnings = 0;
};

void renderJson(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                const RunInfo& run);
void renderSarif(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                 const RunInfo& run);
void renderGithub(std::ostream& out, const source::SourceManager& sm, const std::vector<Diagnostic>& diags,
                  const RunInfo& run);

// The message with its notes and help line, as one multi-line text.
std::string fullMessage(const Diagnostic& d);

}  // namespace nplc::diag
