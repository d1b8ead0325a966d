#include "lsp/locator.h"

#include <fmt/format.h>

#include <algorithm>

namespace nplc::lsp {

std::string Locator::pathOf(source::Span span) const {
  if (!span.valid() || span.file >= a_.c.sm.size()) return {};
  const auto& f = a_.c.sm.file(span.file);
  return f.isStdlib ? std::string() : f.absolutePath;
}

Range Locator::range(source::Span span) {
  const std::string path = pathOf(span);
  if (path.empty()) return {};
  auto& index = indexes_[span.file];
  if (!index) index = std::make_unique<LineIndex>(a_.c.sm.file(span.file).text, !links_.isOpen(path));
  return index->range(span.begin, std::max(span.begin, span.end));
}

std::optional<Json> Locator::location(source::Span span) {
  const std::string path = pathOf(span);
  if (path.empty()) return std::nullopt;
  return lsp::location(links_.uriOf(path), range(span));
}

std::string Locator::where(source::Span span) const {
  if (!span.valid() || span.file >= a_.c.sm.size()) return "nplc";
  const auto lc = a_.c.sm.lineCol(span.file, span.begin);
  return fmt::format("{}:{}:{}", a_.c.sm.file(span.file).path, lc.line, lc.col);
}

}  // namespace nplc::lsp
