#pragma once
// What a token's text means, for both parsers (the direct one and the AST
// builder over ANTLR's tree), so that they cannot read a literal differently.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_manager.h"
#include "syntax/ast.h"
#include "util/check.h"

namespace nplc::syntax {

// A NUMBER token (or one side of a PORT_RANGE). Saturates instead of
// overflowing: anything this large is reported as out of range.
inline std::uint64_t numberOf(std::string_view digits) {
  if (digits.size() > 12) return 999999999999ULL;
  return std::strtoull(std::string(digits).c_str(), nullptr, 10);
}

// A STRING token's text without its quotes, each escape as the character
// after its backslash (escapes other than \" and \\ are E0006, reported by the
// parser).
inline std::string unquoted(std::string_view raw) {
  std::string out;
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 2 < raw.size()) ++i;
    out += raw[i];
  }
  return out;
}

// An HTTP_RULE token (`GET /path`) at `span`: the method, and the path from
// its first '/'.
inline ast::HttpRule httpRuleOf(std::string_view text, source::Span span) {
  ast::HttpRule h;
  h.span = span;
  const auto slash = text.find('/');
  NPLC_CHECK(slash != std::string_view::npos, "HTTP_RULE token without a path");
  std::size_t methodEnd = 0;
  while (methodEnd < text.size() && text[methodEnd] != ' ' && text[methodEnd] != '\t') ++methodEnd;
  h.method = std::string(text.substr(0, methodEnd));
  h.path = std::string(text.substr(slash));
  h.pathSpan = {span.file, span.begin + static_cast<std::uint32_t>(slash), span.end};
  return h;
}

// Strings know two escapes, \" and \\. Any other one (\n, \t, \u0041) is
// an error (E0006) rather than the letter after the backslash: "a\nb" must
// not silently become the label value anb.
struct BadEscape {
  source::Span span;
  std::string text;
  bool operator==(const BadEscape&) const = default;
};

// The bad escapes of a STRING token whose text `raw` starts at byte `begin`.
inline void findBadEscapes(std::string_view raw, source::FileId file, std::uint32_t begin,
                           std::vector<BadEscape>& out) {
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] != '\\') continue;
    const char next = raw[i + 1];
    if (next != '"' && next != '\\') {
      std::size_t end = i + 2;
      while (end < raw.size() && (static_cast<unsigned char>(raw[end]) & 0xC0) == 0x80) ++end;
      out.push_back({{file, begin + static_cast<std::uint32_t>(i), begin + static_cast<std::uint32_t>(end)},
                     std::string(raw.substr(i, end - i))});
    }
    ++i;
  }
}

// A PORT_RANGE token's two numbers.
inline std::pair<std::uint64_t, std::uint64_t> portRangeOf(std::string_view text) {
  const auto dash = text.find('-');
  return {numberOf(text.substr(0, dash)), numberOf(text.substr(dash + 1))};
}

}  // namespace nplc::syntax
