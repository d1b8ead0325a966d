#include "syntax/parser.h"

#include <fmt/format.h>

#include "NplLexer.h"
#include "NplParser.h"
#include "antlr4-runtime.h"
#include "syntax/ast_builder.h"
#include "syntax/error_messages.h"
#include "syntax/error_recovery.h"
#include "syntax/lexer.h"
#include "util/utf8.h"

namespace nplc::syntax {

namespace {

using P = gen::NplParser;

// Strings know two escapes, \" and \\. Any other one (\n, \t, \u0041) is
// an error rather than the letter after the backslash: "a\nb" must not
// silently become the label value anb.
bool checkEscapes(antlr4::CommonTokenStream& tokens, const OffsetMap& map, diag::Sink& sink) {
  bool ok = true;
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getType() != gen::NplLexer::STRING) continue;
    const std::string raw = t->getText();
    const std::uint32_t base = map.byteOffset(t->getStartIndex());
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
      if (raw[i] != '\\') continue;
      const char next = raw[i + 1];
      if (next != '"' && next != '\\') {
        std::size_t end = i + 2;
        while (end < raw.size() && (static_cast<unsigned char>(raw[end]) & 0xC0) == 0x80) ++end;
        sink.report("E0006", {map.file(), base + static_cast<std::uint32_t>(i), base + static_cast<std::uint32_t>(end)},
                    fmt::format("unknown escape sequence '{}' in a string", raw.substr(i, end - i)))
            .withHelp("strings know only \\\" and \\\\; write the character itself, or \\\\ for a backslash");
        ok = false;
      }
      ++i;
    }
  }
  return ok;
}

}  // namespace

std::optional<ast::File> parseFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink) {
  const std::string& text = sm.file(file).text;
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    sink.report("E0003", {file, static_cast<std::uint32_t>(nul), static_cast<std::uint32_t>(nul + 1)},
                "NUL byte in source file")
        .note("nothing of the file is shown: it is not NPL text")
        .withHelp("is this a binary file? .npl files are UTF-8 text");
    return std::nullopt;
  }
  if (const auto bad = util::firstInvalidUtf8(text); bad != std::string::npos) {
    sink.report("E0002", {file, static_cast<std::uint32_t>(bad), static_cast<std::uint32_t>(bad + 1)},
                "invalid UTF-8 in source file")
        .note("nothing of the file is shown, not even the byte: it is not NPL text")
        .withHelp("save the file as UTF-8");
    return std::nullopt;
  }

  const OffsetMap map(file, text);
  NplTokenSource lexer(text);
  antlr4::CommonTokenStream tokens(&lexer);
  P parser(&tokens);
  parser.removeErrorListeners();

  // Stage 1: SLL with bail-out, which handles nearly every real file fast.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  P::File_Context* tree = nullptr;
  try {
    tree = parser.file_();
  } catch (const antlr4::ParseCancellationException&) {
    tree = nullptr;
  }
  // Stage 2: full LL with error recovery, so that every statement's first
  // syntax error is reported.
  SyntaxErrorListener errors(map, text, sink);
  if (tree == nullptr) {
    tokens.seek(0);
    parser.reset();
    parser.addErrorListener(&errors);
    parser.setErrorHandler(std::make_shared<StatementRecovery>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
    try {
      tree = parser.file_();
    } catch (const TooManySyntaxErrors&) {
      return std::nullopt;
    } catch (const std::exception& e) {
      sink.report("E0001", {file, 0, 0}, std::string("the parser gave up: ") + e.what());
      return std::nullopt;
    }
    if (errors.count() > 0) return std::nullopt;
  }
  if (!checkEscapes(tokens, map, sink)) return std::nullopt;
  ast::File out = buildAst(tree, map);
  // Comments stay on the HIDDEN channel; keep them for comment directives.
  tokens.fill();
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getType() == gen::NplLexer::COMMENT) out.comments.push_back({t->getText(), map.span(t, t)});
  }
  return out;
}

void clearParserCaches() {
  antlr4::ANTLRInputStream input("");
  gen::NplLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  P parser(&tokens);
  for (antlr4::atn::ATNSimulator* sim :
       {static_cast<antlr4::atn::ATNSimulator*>(lexer.getInterpreter<antlr4::atn::LexerATNSimulator>()),
        static_cast<antlr4::atn::ATNSimulator*>(parser.getInterpreter<antlr4::atn::ParserATNSimulator>())}) {
    sim->clearDFA();
    sim->getSharedContextCache().clear();
  }
}

}  // namespace nplc::syntax
