#pragma once
// Where a diagnostic is, for the machine-readable formats: 1-based lines and
// columns (columns count code points; end columns are exclusive, as in SARIF),
// and the file as a path relative to the current folder where it lies below it.
#include <optional>
#include <string>

#include "source/source_manager.h"

namespace nplc::diag {

struct Place {
  std::string path;      // as the text format shows it
  std::string relative;  // relative to the current folder, '/'-separated; empty when outside it
  bool stdlib = false;   // a std/ module inside nplc
  std::uint32_t line = 0, column = 0, endLine = 0, endColumn = 0;
};

std::optional<Place> locate(const source::SourceManager& sm, source::Span span);

}  // namespace nplc::diag
