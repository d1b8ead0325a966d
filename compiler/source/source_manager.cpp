#include "source/source_manager.h"

#include <algorithm>

#include "util/utf8.h"

namespace nplc::source {

namespace {

// Where a line's text starts; a byte-order mark is not part of line 1.
std::uint32_t lineStart(const SourceFile& f, std::uint32_t line) {
  const std::uint32_t start = f.lineStarts[line - 1];
  if (line == 1 && f.text.rfind("\xEF\xBB\xBF", 0) == 0) return 3;
  return start;
}

}  // namespace

FileId SourceManager::add(std::string path, std::string text, bool isStdlib, std::string absolutePath) {
  SourceFile f;
  f.absolutePath = std::move(absolutePath);
  f.path = std::move(path);
  f.text = std::move(text);
  f.isStdlib = isStdlib;
  f.isText = f.text.find('\0') == std::string::npos && util::firstInvalidUtf8(f.text) == std::string::npos;
  f.lineStarts.push_back(0);
  for (std::uint32_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n') f.lineStarts.push_back(i + 1);
  }
  files_.push_back(std::move(f));
  return static_cast<FileId>(files_.size() - 1);
}

LineCol SourceManager::lineCol(FileId id, std::uint32_t offset) const {
  const SourceFile& f = files_.at(id);
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(f.text.size()));
  auto it = std::upper_bound(f.lineStarts.begin(), f.lineStarts.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - f.lineStarts.begin());
  const std::uint32_t start = lineStart(f, line);
  // Columns count code points: skip UTF-8 continuation bytes.
  std::uint32_t col = 1;
  for (std::uint32_t i = start; i < std::max(start, offset); ++i) {
    if ((static_cast<unsigned char>(f.text[i]) & 0xC0) != 0x80) ++col;
  }
  return {line, col};
}

std::string_view SourceManager::lineText(FileId id, std::uint32_t line) const {
  const SourceFile& f = files_.at(id);
  if (line == 0 || line > f.lineStarts.size()) return {};
  const std::uint32_t start = lineStart(f, line);
  std::uint32_t end = line < f.lineStarts.size() ? f.lineStarts[line] : f.text.size();
  while (end > start && (f.text[end - 1] == '\n' || f.text[end - 1] == '\r')) --end;
  return std::string_view(f.text).substr(start, end - start);
}

std::string_view SourceManager::text(Span span) const {
  if (!span.valid()) return {};
  const SourceFile& f = files_.at(span.file);
  if (span.begin > f.text.size() || span.end > f.text.size() || span.end < span.begin) return {};
  return std::string_view(f.text).substr(span.begin, span.end - span.begin);
}

}  // namespace nplc::source
