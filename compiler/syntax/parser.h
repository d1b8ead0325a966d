#pragma once
// The only entry point into the ANTLR-generated parser. Every syntax error of
// the file is reported to the sink; no ANTLR exception escapes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source_manager.h"
#include "syntax/ast.h"

namespace nplc::syntax {

// Returns nullopt when the file has errors (all of them are reported).
std::optional<ast::File> parseFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink);

// Several files at once, on one thread per core (the calling thread
// included): each `text` parsed as its `file` would be by parseFile, its
// diagnostics in its own sink.
struct ParseJob {
  std::string text;
  source::FileId file = source::kNoFile;
  std::optional<ast::File> ast;
  diag::Sink sink;
};
void parseInParallel(std::vector<ParseJob>& jobs);

// The `use` statements of a text, found by the lexer alone (the parser may
// read them otherwise when the text has syntax errors): whether the path is
// quoted, and the path.
struct UseRef {
  bool quoted = false;
  std::string path;
};
std::vector<UseRef> scanUses(std::string_view text);

// Empty when the direct parser (direct_parser.h) declines the text (valid
// UTF-8, no NUL byte) or builds what ANTLR's parser builds from it;
// otherwise what differs. For tests and fuzzing.
std::string parserDifference(const std::string& text);

// ANTLR keeps what it learns while parsing (DFA states, prediction contexts)
// in process-wide caches that only grow. One compilation never notices; a
// process that parses without end (the fuzzer, a language server) calls this
// between parses to bound its memory. Not safe while another thread parses.
void clearParserCaches();

}  // namespace nplc::syntax
