#include "syntax/error_recovery.h"

#include "NplLexer.h"
#include "NplParser.h"

namespace nplc::syntax {

namespace {

using P = gen::NplParser;

bool beginsLine(antlr4::TokenStream* tokens) {
  antlr4::Token* prev = tokens->LT(-1);
  return prev == nullptr || tokens->LT(1)->getLine() > prev->getLine();
}

// Whether the rule at `ctx` may go on at the start of a line: a list of
// statements does, and so does anything inside a selector, which goes on to
// its `}`; the rest of a statement does not (a new line starts a new one).
bool goesOnAcrossLines(antlr4::ParserRuleContext* ctx) {
  for (; ctx != nullptr; ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    switch (ctx->getRuleIndex()) {
      case P::RuleFile_:
      case P::RuleNamespaceDecl:
      case P::RuleExternalNamespaceDecl:
      case P::RuleBundleDecl:
      case P::RuleSelector:
        return true;
      case P::RuleTopItem:
      case P::RuleNsItem:
      case P::RuleExtNsItem:
        return false;
      default:
        break;
    }
  }
  return false;
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
      // Skipped to the next line: what follows is the next statement, so the
      // broken one ends here rather than take its tokens for its own.
      if (parser->getTokenStream()->LA(1) != antlr4::Token::EOF && beginsLine(parser->getTokenStream()) &&
          !goesOnAcrossLines(parser->getContext())) {
        throw antlr4::InputMismatchException(parser);
      }
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
