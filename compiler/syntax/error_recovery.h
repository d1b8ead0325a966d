#pragma once
// Internal to syntax/: how the parser goes on after a syntax error, so that
// one mistake is one error. Includes ANTLR headers; nothing outside syntax/
// may include it.
#include "antlr4-runtime.h"

namespace nplc::syntax {

// ANTLR's default strategy repairs a statement in place (it conjures a
// missing token or drops an extra one) and goes on inside it, so one mistake
// is reported again at every token that no longer fits: a `}` missing from a
// selector gave four errors. This strategy never repairs in place: at an error
// it skips to the start of the next statement (see consumeUntil), and ANTLR's
// error-recovery mode keeps the rest of the broken statement quiet until a
// token of the next one is matched. So each statement reports at most its
// first error, and the statements after it are checked as usual.
class StatementRecovery : public antlr4::DefaultErrorStrategy {
 public:
  // Before a subrule or loop: a token that fits nowhere there is an error of
  // the statement (loops included, where ANTLR would drop the token and stay).
  void sync(antlr4::Parser* parser) override;

 protected:
  antlr4::Token* singleTokenDeletion(antlr4::Parser*) override { return nullptr; }
  bool singleTokenInsertion(antlr4::Parser*) override { return false; }
  // Skips to the next token of `set` that can start a statement: the end of
  // the file, a `}` that closes a block opened before the error, or a token
  // that begins a line outside any `{ }` opened after the error. Line breaks
  // carry no meaning in NPL, but people write one statement a line, and a
  // broken statement is much more often followed by a line break than by
  // another statement on the same line.
  void consumeUntil(antlr4::Parser* parser, const antlr4::misc::IntervalSet& set) override;
};

}  // namespace nplc::syntax
