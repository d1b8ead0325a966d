#pragma once
// The tokens of a text as the NPL lexer sees them, comments included, for
// editor features that must work on incomplete input (completion in
// `nplc lsp` looks at the tokens before the cursor). Never fails: text the
// lexer cannot read becomes ERROR_CHAR tokens, and lexing stops at the first
// invalid UTF-8 byte.
#include <cstdint>
#include <string>
#include <vector>

namespace nplc::syntax {

struct Token {
  std::string kind;  // the lexer rule: "IDENT", "ARROW", "USE", "COMMENT", "STRING", ...
  std::string text;
  std::uint32_t begin = 0, end = 0;  // byte offsets into the text
};

std::vector<Token> tokenize(const std::string& text);

// Empty when the hand-written lexer (lexer.h) and the one ANTLR generates
// from the grammar produce the same tokens for the text (valid UTF-8, no NUL
// byte); otherwise the first token where they differ. For tests and fuzzing.
std::string lexerDifference(const std::string& text);

}  // namespace nplc::syntax
