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

// ANTLR keeps what it learns while parsing (DFA states, prediction contexts)
// in process-wide caches that only grow. One compilation never notices; a
// process that parses without end (the fuzzer, a language server) calls this
// between parses to bound its memory. Not safe while another thread parses.
void clearParserCaches();

}  // namespace nplc::syntax
