#include "syntax/tokens.h"

#include "NplLexer.h"
#include "antlr4-runtime.h"
#include "syntax/ast_builder.h"
#include "util/utf8.h"

namespace nplc::syntax {

std::vector<Token> tokenize(const std::string& full) {
  // ANTLR's input stream throws on invalid UTF-8: lex the valid prefix.
  std::string text = full.substr(0, std::min(full.size(), util::firstInvalidUtf8(full)));
  const OffsetMap map(source::kNoFile, text);
  antlr4::ANTLRInputStream input(text);
  gen::NplLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<Token> out;
  for (const auto& t : lexer.getAllTokens()) {
    const auto span = map.span(t.get(), t.get());
    Token tok;
    tok.kind = std::string(lexer.getVocabulary().getSymbolicName(t->getType()));
    tok.begin = span.begin;
    tok.end = span.end;
    tok.text = text.substr(span.begin, span.end - span.begin);
    out.push_back(std::move(tok));
  }
  return out;
}

}  // namespace nplc::syntax
