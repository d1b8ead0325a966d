#pragma once
// NPL's parser, written by hand: recursive descent over the hand-written
// lexer's tokens, building the AST directly, with no parse tree. Why: ANTLR's
// parser and its tree were 41% of a build's instructions (callgrind of a
// 20k-line mesh) and most of the language server's time per edit.
//
// It is not a second definition of the language. It accepts only text it is
// sure about and declines everything else (every syntax error, and the few
// valid forms whose reading needs ANTLR's unbounded lookahead, such as
// `a -> b:80, entity x` followed by `}`); parseFile then parses the text with
// ANTLR as before, which reports the errors. Where the grammar lets a text
// be read two ways, ANTLR takes the first alternative that lets the rest of
// the file parse; so does this parser, which takes a later alternative only
// when the earlier ones cannot go on (each such place says why). So when it
// accepts a text, ANTLR's parser accepts it too and builds the same AST.
// `parserDifference` (parser.h) compares the two: the unit tests run it on
// every .npl file of the repository, on the ambiguous forms and on random
// texts, the fuzz target on every input, and
// tests/hardening/parser_equivalence_test.py compares nplc's outputs both
// ways (NPLC_PARSER=antlr) on every example and golden case.
#include <optional>
#include <string_view>
#include <vector>

#include "source/source_manager.h"
#include "syntax/ast.h"
#include "syntax/literals.h"

namespace nplc::syntax {

struct DirectParse {
  ast::File file;
  std::vector<BadEscape> escapes;  // E0006, for the caller to report
};

// The AST of valid UTF-8 text without NUL bytes, or nullopt when the parser
// declines it.
std::optional<DirectParse> parseDirect(std::string_view text, source::FileId file);

}  // namespace nplc::syntax
