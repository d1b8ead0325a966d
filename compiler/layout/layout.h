#pragma once
// `nplc fmt`: one layout for every NPL file (docs/language.md, "Layout").
// The same code formats for `nplc fmt` and the language server.
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

}  // namespace nplc::layout
