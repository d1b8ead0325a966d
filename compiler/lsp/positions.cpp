#include "lsp/positions.h"

#include <algorithm>

namespace nplc::lsp {

CodePoint codePointAt(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::uint32_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len <= 1 || i + len > s.size()) return {1, 1};
  std::uint32_t cp = c & (0x7F >> len);
  for (std::uint32_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return {1, 1};
    cp = (cp << 6) | (cc & 0x3F);
  }
  const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {1, 1};
  return {len, cp >= 0x10000 ? 2u : 1u};
}

LineIndex::LineIndex(std::string_view text, bool hiddenBom) : text_(text) {
  if (hiddenBom && text.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3;
  starts_.push_back(0);
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

std::uint32_t LineIndex::lineStart(std::uint32_t line) const { return line == 0 ? bom_ : starts_[line]; }

std::uint32_t LineIndex::lineContentEnd(std::uint32_t line) const {
  std::uint32_t end = line + 1 < starts_.size() ? starts_[line + 1] : static_cast<std::uint32_t>(text_.size());
  if (end > starts_[line] && text_[end - 1] == '\n') --end;
  if (end > starts_[line] && text_[end - 1] == '\r') --end;
  return std::max(end, lineStart(line));
}

Position LineIndex::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - starts_.begin() - 1);
  // An offset inside a line terminator (between \r and \n) is the line's end.
  const std::uint32_t end = std::min(offset, lineContentEnd(line));
  std::uint32_t units = 0;
  for (std::uint32_t i = lineStart(line); i < end;) {
    const CodePoint cp = codePointAt(text_, i);
    units += cp.units;
    i += cp.bytes;
  }
  return {line, units};
}

std::uint32_t LineIndex::offset(Position p) const {
  if (p.line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  const std::uint32_t end = lineContentEnd(p.line);
  std::uint32_t i = lineStart(p.line);
  std::uint32_t units = 0;
  while (i < end) {
    const CodePoint cp = codePointAt(text_, i);
    if (units + cp.units > p.character) break;
    units += cp.units;
    i += cp.bytes;
  }
  return std::min(i, end);
}

}  // namespace nplc::lsp
