#pragma once
// NPL's lexer, written by hand. Why not the lexer ANTLR generates from
// grammar/Npl.g4: that one converts the file to UTF-32 and runs a DFA
// simulation per character; it was a quarter of the language server's time
// per edit (callgrind, bench/lsp_latency.js) and of `nplc build`'s parse
// stage. This one reads the UTF-8 bytes directly and implements the same
// rules with the same resolution: the longest match wins, and between
// matches of one length the rule written first in the grammar.
//
// It must stay exactly the generated lexer's equal: same token types,
// channels, code-point indexes, lines, columns and texts.
// `lexerDifference` (tokens.h, lexer_difference.cpp) compares the two; tests/unit/syntax/lexer_test.cpp
// runs it on every .npl file of the repository and on random texts, and the
// fuzz target runs it on every input. A change to the grammar's lexer rules
// changes this file too.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "antlr4-runtime.h"

namespace nplc::syntax {

// Tokens for the generated parser, from valid UTF-8 text (the caller checks;
// a leading byte-order mark is skipped, as ANTLRInputStream does). Indexes
// are code points, as ANTLR's; whitespace is skipped and comments are on the
// hidden channel, as the grammar says.
// Where the lexer is: a byte offset at the start of a token (or the end),
// and the same place as ANTLR counts it.
struct LexState {
  std::size_t pos = 0;        // byte offset
  std::size_t codePoint = 0;  // index in code points
  std::size_t line = 1, column = 0;
};

// A token without its object: its rule and where it starts.
struct Lexeme {
  std::size_t type = 0;
  LexState start;
  std::size_t end = 0;  // byte offset after the token
};

class NplTokenSource : public antlr4::TokenSource {
 public:
  explicit NplTokenSource(std::string_view text);

  // The next token's rule and start, comments included, whitespace skipped,
  // without making a token object; nothing at the end.
  std::optional<Lexeme> nextLexeme();

  std::unique_ptr<antlr4::Token> nextToken() override;
  std::size_t getLine() const override { return line_; }
  std::size_t getCharPositionInLine() override { return column_; }
  antlr4::CharStream* getInputStream() override { return nullptr; }
  std::string getSourceName() override { return antlr4::IntStream::UNKNOWN_SOURCE_NAME; }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;        // byte offset of the next token
  std::size_t codePoint_ = 0;  // its index in code points
  std::size_t line_ = 1, column_ = 0;

  // Reads the next token or whitespace (its rule and length in bytes)
  // and moves past it; false at the end.
  bool advance(std::size_t& type, std::string_view& bytes, std::size_t& codePoints);
};

}  // namespace nplc::syntax
