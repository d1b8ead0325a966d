#include "syntax/error_recovery.h"

#include "NplLexer.h"

namespace nplc::syntax {

namespace {

bool beginsLine(antlr4::TokenStream* tokens) {
  antlr4::Token* prev = tokens->LT(-1);
  return prev == nullptr || tokens->LT(1)->getLine() > prev->getLine();
}

}  // namespace

void StatementRecovery::sync(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  antlr4::atn::ATNState* state = parser->getATN().states[parser->getState()];
  const antlr4::misc::IntervalSet next = parser->getATN().nextTokens(state);
  const std::size_t la = parser->getTokenStream()->LA(1);
  if (next.contains(antlr4::Token::EPSILON) || next.contains(la)) return;
  using S = antlr4::atn::ATNState;
  switch (state->getStateType()) {
    case S::BLOCK_START:
    case S::STAR_BLOCK_START:
    case S::PLUS_BLOCK_START:
    case S::STAR_LOOP_ENTRY:
    case S::STAR_LOOP_BACK:
    case S::PLUS_LOOP_BACK:
      // Report here, where the message can say what the rule accepts, then
      // skip to what may come next in the rule or after it: a stray token in
      // a selector skips to the selector's own `}`, not to the namespace's.
      reportUnwantedToken(parser);
      consumeUntil(parser, parser->getExpectedTokens().Or(getErrorRecoverySet(parser)));
      return;
    default:
      return;
  }
}

void StatementRecovery::consumeUntil(antlr4::Parser* parser, const antlr4::misc::IntervalSet& set) {
  antlr4::TokenStream* tokens = parser->getTokenStream();
  std::size_t depth = 0;  // braces opened while skipping
  for (;;) {
    const std::size_t t = tokens->LA(1);
    if (t == antlr4::Token::EOF) return;
    if (depth == 0 && set.contains(t) && (t == gen::NplLexer::RBRACE || beginsLine(tokens))) return;
    if (t == gen::NplLexer::LBRACE) ++depth;
    if (t == gen::NplLexer::RBRACE && depth > 0) --depth;
    parser->consume();
  }
}

}  // namespace nplc::syntax
