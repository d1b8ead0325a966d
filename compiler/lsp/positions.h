#pragma once
// Byte offsets <-> LSP positions. The compiler's spans are byte offsets into
// UTF-8 text; LSP counts lines (ended by \n, \r\n or \r) and UTF-16 code units
// within a line: a character outside the Basic Multilingual Plane (an emoji)
// is two units, an invalid byte one (editors show it as U+FFFD).
#include <cstdint>
#include <string_view>
#include <vector>

#include "lsp/protocol.h"

namespace nplc::lsp {

class LineIndex {
 public:
  // `hiddenBom`: a leading byte-order mark is not shown by the editor (files
  // read from disk; an editor's buffer never has one unless the user typed it).
  LineIndex(std::string_view text, bool hiddenBom);

  Position position(std::uint32_t offset) const;
  Range range(std::uint32_t begin, std::uint32_t end) const { return {position(begin), position(end)}; }
  // Positions past the end of a line mean its end, past the last line the end
  // of the text (as LSP asks); inside a surrogate pair, the character's start.
  std::uint32_t offset(Position p) const;

 private:
  std::uint32_t lineStart(std::uint32_t line) const;
  std::uint32_t lineContentEnd(std::uint32_t line) const;  // before the line terminator

  std::string_view text_;
  std::uint32_t bom_ = 0;
  std::vector<std::uint32_t> starts_;  // byte offset of each line
};

// The length in bytes of the UTF-8 sequence that starts at s[i] (1 for a byte
// that starts no valid sequence), and how many UTF-16 units it stands for.
struct CodePoint {
  std::uint32_t bytes = 1;
  std::uint32_t units = 1;
};
CodePoint codePointAt(std::string_view s, std::size_t i);

}  // namespace nplc::lsp
