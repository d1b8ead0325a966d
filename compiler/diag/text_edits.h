#pragma once
// `text` is the text of the span's file. The edits behind a help that says "add `STATEMENT`": where a new statement
// goes in the text, with the indentation of its neighbours, so that the fix
// (Diagnostic::fix, the editor's quick fix) compiles as proposed.
#include <string_view>

#include "diag/diagnostic.h"
#include "source/source_manager.h"

namespace nplc::diag {

// `statement` on a line of its own, first in the block of the namespace
// whose name is at `name` (`namespace NAME {`).
Edit firstInNamespace(std::string_view text, source::Span name, std::string_view statement);

// `statement` on the line after the one where `after` ends, indented as that line.
Edit onLineAfter(std::string_view text, source::Span after, std::string_view statement);

// `use std/MODULE` as the first line of `file`.
Edit useStd(source::FileId file, std::string_view module);

}  // namespace nplc::diag
