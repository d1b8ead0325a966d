#pragma once
// Internal to syntax/: the token before another one, comments skipped.
// Includes ANTLR headers; nothing outside syntax/ may include it.
#include "antlr4-runtime.h"

namespace nplc::syntax {

// The last token before `t` on the default channel (comments are hidden),
// or nullptr at the start of the file.
inline antlr4::Token* previousToken(antlr4::TokenStream& tokens, const antlr4::Token* t) {
  for (std::size_t i = t->getTokenIndex(); i > 0; --i) {
    antlr4::Token* p = tokens.get(i - 1);
    if (p->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return p;
  }
  return nullptr;
}

}  // namespace nplc::syntax
