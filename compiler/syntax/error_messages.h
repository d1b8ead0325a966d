#pragma once
// Internal to syntax/: syntax errors (E0001) in words — what was found, what
// fits there, and the likely cause: a misspelt keyword, a `}` left out.
// Includes ANTLR headers; nothing outside syntax/ may include it.
#include "antlr4-runtime.h"
#include "diag/diagnostic.h"
#include "syntax/ast_builder.h"

namespace nplc::syntax {

// Thrown by the listener to stop parsing a file that has too many syntax
// errors: past that point recovery only piles up follow-on errors, and on a
// file that is not NPL at all it would cost time for nothing.
struct TooManySyntaxErrors {};

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  static constexpr std::size_t kMaxErrors = 50;

  // `text`: the file's text, for the fixes.
  SyntaxErrorListener(const OffsetMap& map, std::string_view text, diag::Sink& sink)
      : map_(map), text_(text), sink_(sink) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* bad, std::size_t, std::size_t,
                   const std::string& msg, std::exception_ptr) override;

  std::size_t count() const { return count_; }

 private:
  const OffsetMap& map_;
  std::string_view text_;
  diag::Sink& sink_;
  std::size_t count_ = 0;
};

}  // namespace nplc::syntax
