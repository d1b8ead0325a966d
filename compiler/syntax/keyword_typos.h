#pragma once
// Internal to syntax/: "did you mean `service`?" for a misspelt keyword.
// Includes ANTLR headers; nothing outside syntax/ may include it.
#include <optional>
#include <string>

#include "antlr4-runtime.h"

namespace nplc::syntax {

struct KeywordTypo {
  antlr4::Token* word;  // the misspelt word: `bad` itself, or the statement's first word
  std::string keyword;
};

// The keyword that the word at a syntax error was probably meant to be:
// - `bad` is a name where only keywords fit (`namspace web {`);
// - or the statement starts with a name that the parser took for the source
//   of an edge, and the error is at the word after it (`servce api { ... }`,
//   `denyall ingress baseline`, `alow api`): that name is close to a keyword
//   that may start a statement there.
std::optional<KeywordTypo> findKeywordTypo(antlr4::Parser& parser, antlr4::Token* bad);

}  // namespace nplc::syntax
