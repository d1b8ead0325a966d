#pragma once
// `nplc fmt`: one layout for every NPL file (docs/language.md, "Layout").
// The same code formats for `nplc fmt` and the language server.
#include <cstdint>
#include <optional>
#include <string>

#include "diag/diagnostic.h"
#include "source/source_manager.h"

namespace nplc::layout {

// The file in the canonical layout, with every comment kept; nullopt when the
// file does not parse (its syntax errors are reported to `sink`, as by any
// compilation). Formatting changes only blanks, line breaks and the commas
// between selector requirements: the tokens and comments are the same, in the
// same order (checked after every run: a difference is an internal error).
std::optional<std::string> formatFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink);

// The same for a text that is not in a SourceManager yet (tests, the fuzzer).
std::optional<std::string> formatText(const std::string& path, const std::string& text, diag::Sink& sink);

// Range formatting (the language server's textDocument/rangeFormatting):
// source bytes [begin, end) of the text become `replacement`.
struct Edit {
  std::uint32_t begin = 0, end = 0;
  std::string replacement;
};

// The whole lines of every statement (or comment) that source bytes
// [begin, end) touch, as formatFile writes them; the rest of the file is left
// as it is. nullopt when the file does not parse (as formatFile).
std::optional<Edit> formatRange(const std::string& path, const std::string& text, std::uint32_t begin,
                                std::uint32_t end, diag::Sink& sink);

}  // namespace nplc::layout
