#pragma once
// The only entry point into the ANTLR-generated parser. Every syntax error of
// the file is reported to the sink; no ANTLR exception escapes.
#include <optional>

#include "diag/diagnostic.h"
#include "source/source_manager.h"
#include "syntax/ast.h"

namespace nplc::syntax {

// Returns nullopt when the file has errors (all of them are reported).
std::optional<ast::File> parseFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink);

}  // namespace nplc::syntax
