#include "syntax/tokens.h"

#include "NplParser.h"
#include "antlr4-runtime.h"
#include "syntax/ast_builder.h"
#include "syntax/lexer.h"
#include "util/utf8.h"

namespace nplc::syntax {

namespace {

// The token types' names (the grammar's rule names). The generated parser has
// the generated lexer's vocabulary; nplc does not link that lexer
// (lexer_difference.cpp says why).
const antlr4::dfa::Vocabulary& vocabulary() {
  NplTokenSource nothing("");
  antlr4::CommonTokenStream stream(&nothing);
  return gen::NplParser(&stream).getVocabulary();  // a static of the parser's
}

}  // namespace

std::vector<Token> tokenize(const std::string& full) {
  // The lexer reads valid UTF-8 only: lex the valid prefix.
  std::string text = full.substr(0, std::min(full.size(), util::firstInvalidUtf8(full)));
  const OffsetMap map(source::kNoFile, text);
  NplTokenSource lexer(text);
  static const antlr4::dfa::Vocabulary& names = vocabulary();
  std::vector<Token> out;
  for (auto t = lexer.nextToken(); t->getType() != antlr4::Token::EOF; t = lexer.nextToken()) {
    const auto span = map.span(t.get(), t.get());
    Token tok;
    tok.kind = std::string(names.getSymbolicName(t->getType()));
    tok.begin = span.begin;
    tok.end = span.end;
    tok.text = text.substr(span.begin, span.end - span.begin);
    out.push_back(std::move(tok));
  }
  return out;
}

}  // namespace nplc::syntax
