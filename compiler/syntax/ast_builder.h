#pragma once
// Internal to syntax/: turns the parse tree into the AST (one function per
// grammar rule). Includes ANTLR headers; nothing outside syntax/ may include it.
#include <cstdint>
#include <vector>

#include "NplParser.h"
#include "diag/diagnostic.h"
#include "syntax/ast.h"

namespace nplc::syntax {

// Maps ANTLR's code-point indices to byte offsets.
class OffsetMap {
 public:
  OffsetMap(source::FileId file, const std::string& text);
  std::uint32_t byteOffset(std::size_t codePoint) const;
  source::Span span(const antlr4::Token* start, const antlr4::Token* stop) const;
  source::Span span(antlr4::ParserRuleContext* ctx) const { return span(ctx->getStart(), ctx->getStop()); }
  source::Span span(antlr4::tree::TerminalNode* node) const { return span(node->getSymbol(), node->getSymbol()); }
  source::FileId file() const { return file_; }

 private:
  source::FileId file_;
  std::uint32_t size_;
  std::vector<std::uint32_t> offsets_;  // empty when the text is ASCII
};

ast::File buildAst(gen::NplParser::File_Context* tree, const OffsetMap& map);

}  // namespace nplc::syntax
