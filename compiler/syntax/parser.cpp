#include "syntax/parser.h"

#include <fmt/format.h>

#include <cstdlib>
#include <iterator>
#include <vector>

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
// silently become the label value anb. Reported only once the file parses.
struct BadEscape {
  source::Span span;
  std::string text;
};

void findBadEscapes(antlr4::CommonTokenStream& tokens, const OffsetMap& map, std::vector<BadEscape>& out) {
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
        out.push_back({{map.file(), base + static_cast<std::uint32_t>(i), base + static_cast<std::uint32_t>(end)},
                       raw.substr(i, end - i)});
      }
      ++i;
    }
  }
}

bool reportBadEscapes(const std::vector<BadEscape>& escapes, diag::Sink& sink) {
  for (const BadEscape& e : escapes) {
    sink.report("E0006", e.span, fmt::format("unknown escape sequence '{}' in a string", e.text))
        .withHelp("strings know only \\\" and \\\\; write the character itself, or \\\\ for a backslash");
  }
  return escapes.empty();
}

// The AST, escapes and comments of a parsed piece, added to `out`.
void collect(P::File_Context* tree, antlr4::CommonTokenStream& tokens, const OffsetMap& map, ast::File& out,
             std::vector<BadEscape>& escapes) {
  findBadEscapes(tokens, map, escapes);
  ast::File piece = buildAst(tree, map);
  auto append = [](auto& to, auto& from) { to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end())); };
  append(out.uses, piece.uses);
  append(out.namespaces, piece.namespaces);
  append(out.externals, piece.externals);
  append(out.bundles, piece.bundles);
  append(out.clusterBlocks, piece.clusterBlocks);
  append(out.expects, piece.expects);
  // Comments stay on the HIDDEN channel; keep them for comment directives.
  tokens.fill();
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getType() == gen::NplLexer::COMMENT) out.comments.push_back({t->getText(), map.span(t, t)});
  }
}

// A big file is parsed in pieces of whole top-level statements, each piece
// with its own token stream and parse tree, freed once its AST is built.
// ANTLR's parse of one file slows down as the file grows (the 100k-line mesh:
// 1.4 s in one file, 0.6 s as 23 files), and the tree of a whole big file
// is its largest allocation. A piece starts at `namespace` or `external`
// outside any braces, right after a `}`: those tokens only ever start a
// top-level statement there, so when every piece parses, the file parses to
// the same statements (tests/hardening/chunked_parse_test.py compares every
// program of the repository parsed both ways). When a piece does not parse,
// the whole file is parsed again as one, so syntax errors are reported as
// they always were.
std::size_t chunkBytes() {
  static const std::size_t bytes = [] {
    const char* forced = std::getenv("NPLC_PARSE_CHUNK_BYTES");  // for tests: 1 cuts at every place it may
    return forced != nullptr ? std::max<std::size_t>(1, std::strtoull(forced, nullptr, 10)) : std::size_t{64 * 1024};
  }();
  return bytes;
}

std::vector<LexState> pieceStarts(const std::string& text, std::size_t minBytes) {
  std::vector<LexState> starts;
  NplTokenSource lexer(text);
  std::size_t depth = 0, previous = 0;
  while (const auto lexeme = lexer.nextLexeme()) {
    const std::size_t type = lexeme->type;
    if (type == gen::NplLexer::COMMENT) continue;
    if (starts.empty()) starts.push_back(lexeme->start);
    if (depth == 0 && previous == gen::NplLexer::RBRACE &&
        (type == gen::NplLexer::NAMESPACE || type == gen::NplLexer::EXTERNAL) &&
        lexeme->start.pos - starts.back().pos >= minBytes) {
      starts.push_back(lexeme->start);
    }
    if (type == gen::NplLexer::LBRACE) ++depth;
    if (type == gen::NplLexer::RBRACE && depth > 0) --depth;
    previous = type;
  }
  return starts;
}

// Every piece parsed with SLL; nullopt as soon as one does not.
std::optional<ast::File> parsePieces(const std::string& text, const std::vector<LexState>& starts, const OffsetMap& map,
                                     std::vector<BadEscape>& escapes) {
  ast::File out;
  out.file = map.file();
  for (std::size_t i = 0; i < starts.size(); ++i) {
    // The first piece also holds the comments before its first token, the
    // last one runs to the end of the file.
    const LexState from = i == 0 ? LexState{text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3u : 0u, 0, 1, 0} : starts[i];
    NplTokenSource lexer(text, from, i + 1 < starts.size() ? starts[i + 1].pos : text.size());
    antlr4::CommonTokenStream tokens(&lexer);
    P parser(&tokens);
    parser.removeErrorListeners();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      collect(parser.file_(), tokens, map, out, escapes);
    } catch (const antlr4::ParseCancellationException&) {
      return std::nullopt;
    }
  }
  return out;
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
  std::vector<BadEscape> escapes;
  if (text.size() >= 2 * chunkBytes()) {
    if (const auto starts = pieceStarts(text, chunkBytes()); starts.size() > 1) {
      if (auto pieces = parsePieces(text, starts, map, escapes)) {
        if (!reportBadEscapes(escapes, sink)) return std::nullopt;
        return pieces;
      }
      escapes.clear();
    }
  }

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
  ast::File out;
  out.file = file;
  collect(tree, tokens, map, out, escapes);
  if (!reportBadEscapes(escapes, sink)) return std::nullopt;
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
