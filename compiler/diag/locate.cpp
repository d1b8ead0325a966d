#include "diag/locate.h"

#include <filesystem>

namespace nplc::diag {

namespace fs = std::filesystem;

std::optional<Place> locate(const source::SourceManager& sm, source::Span span) {
  if (!span.valid()) return std::nullopt;
  const auto& file = sm.file(span.file);
  Place p;
  p.path = file.path;
  p.stdlib = file.isStdlib;
  if (!p.stdlib) {
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(fs::absolute(file.path, ec), ec);
    const fs::path cwd = fs::weakly_canonical(fs::current_path(ec), ec);
    const fs::path rel = abs.lexically_relative(cwd);
    if (!ec && !rel.empty() && *rel.begin() != "..") p.relative = rel.generic_string();
  }
  const auto b = sm.lineCol(span.file, span.begin);
  const auto e = sm.lineCol(span.file, span.end);
  p.line = b.line;
  p.column = b.col;
  p.endLine = e.line;
  p.endColumn = e.col;
  // An empty span still marks one character.
  if (p.endLine < p.line || (p.endLine == p.line && p.endColumn <= p.column)) {
    p.endLine = p.line;
    p.endColumn = p.column + 1;
  }
  return p;
}

}  // namespace nplc::diag
