// Kept out of lexer.cpp so that nplc itself does not link the generated
// lexer: its object file's static initializer deserializes the lexer's ATN
// (about 2 million instructions and thousands of allocations) in every
// process, for a lexer only the tests and the fuzz target run.
#include <fmt/format.h>

#include "NplLexer.h"
#include "syntax/lexer.h"
#include "syntax/tokens.h"

namespace nplc::syntax {

std::string lexerDifference(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  gen::NplLexer generated(&input);
  generated.removeErrorListeners();
  NplTokenSource hand(text);
  for (std::size_t i = 0;; ++i) {
    const auto want = generated.nextToken();
    const auto got = hand.nextToken();
    auto describe = [](const antlr4::Token& t) {
      return fmt::format("type {} channel {} [{}, {}] line {} column {} '{}'", t.getType(), t.getChannel(),
                         t.getStartIndex(), t.getStopIndex(), t.getLine(), t.getCharPositionInLine(), t.getText());
    };
    if (describe(*want) != describe(*got)) {
      return fmt::format("token {}: generated lexer {}; hand-written lexer {}", i, describe(*want), describe(*got));
    }
    if (want->getType() == antlr4::Token::EOF) return "";
  }
}

}  // namespace nplc::syntax
