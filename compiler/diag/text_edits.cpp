#include "diag/text_edits.h"

#include <fmt/format.h>

#include <string>

namespace nplc::diag {

namespace {

constexpr std::string_view kIndentStep = "  ";  // docs/language.md's layout

// The leading blanks of the line holding `offset`.
std::string indentOf(std::string_view text, std::uint32_t offset) {
  std::uint32_t start = offset;
  while (start > 0 && text[start - 1] != '\n') --start;
  std::uint32_t end = start;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return std::string(text.substr(start, end - start));
}

// Just past the end of the line holding `offset` (its '\n'), or the end of the text.
std::uint32_t nextLineStart(std::string_view text, std::uint32_t offset) {
  const auto nl = text.find('\n', offset);
  return nl == std::string_view::npos ? static_cast<std::uint32_t>(text.size()) : static_cast<std::uint32_t>(nl + 1);
}

// Only blanks and a comment between `offset` and the end of its line.
bool restOfLineIsEmpty(std::string_view text, std::uint32_t offset) {
  for (auto i = offset; i < text.size() && text[i] != '\n'; ++i) {
    if (text[i] == '#') return true;
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') return false;
  }
  return true;
}

Edit insertion(source::FileId file, std::uint32_t at, std::string text) {
  return {{file, at, at}, std::move(text)};
}

}  // namespace

Edit firstInNamespace(std::string_view text, source::Span name, std::string_view statement) {
  // The grammar puts only blanks and comments between the name and `{`.
  std::uint32_t brace = name.end;
  while (brace < text.size() && text[brace] != '{') {
    if (text[brace] == '#') brace = nextLineStart(text, brace);
    else ++brace;
  }
  const std::string indent = indentOf(text, name.begin) + std::string(kIndentStep);
  if (brace < text.size() && restOfLineIsEmpty(text, brace + 1)) {
    return insertion(name.file, nextLineStart(text, brace), fmt::format("{}{}\n", indent, statement));
  }
  // `namespace x { … }` on one line: the statement gets a line of its own.
  return insertion(name.file, brace + 1, fmt::format("\n{}{}\n", indent, statement));
}

Edit onLineAfter(std::string_view text, source::Span after, std::string_view statement) {
  const std::uint32_t at = nextLineStart(text, after.end);
  const bool lastLineUnterminated = at == text.size() && (text.empty() || text.back() != '\n');
  return insertion(after.file, at,
                   fmt::format("{}{}{}\n", lastLineUnterminated ? "\n" : "", indentOf(text, after.begin), statement));
}

Edit useStd(source::FileId file, std::string_view module) {
  return insertion(file, 0, fmt::format("use std/{}\n", module));
}

}  // namespace nplc::diag
