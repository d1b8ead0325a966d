#pragma once
// Internal to syntax/: a `{` that was never closed, named and located, so
// that the error can point at where the block opened and say where to add
// the `}`. Includes ANTLR headers; nothing outside syntax/ may include it.
#include <optional>
#include <string>

#include "antlr4-runtime.h"

namespace nplc::syntax {

struct UnclosedBlock {
  antlr4::Token* open;  // its `{`
  antlr4::Token* last;  // the last token before the error, after which `}` goes
  std::string what;     // "`namespace web`", "the selector of `service api`"
  bool selector;        // closed on the same line; a block gets a line of its own
  // When the `}` read last stands on a line of its own, indented like the
  // outer block but closing the inner one (a selector that lost its `}`):
  // that `}`, and the outer block it was written for.
  antlr4::Token* misclosedBy = nullptr;
  std::string outer;
};

// The block left open at a syntax error at `bad`: the innermost block around
// the parser whose `{` is read and whose `}` could come here, when `bad` is
// on a later line than the token before it (a `}` forgotten at the end of a
// line) and is not itself a `}`. When the outer block's `}` closed an inner
// block instead, the inner block is the one reported.
std::optional<UnclosedBlock> findUnclosedBlock(antlr4::Parser& parser, antlr4::Token* bad);

}  // namespace nplc::syntax
