#include "syntax/parser.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "NplLexer.h"
#include "NplParser.h"
#include "antlr4-runtime.h"
#include "syntax/ast_builder.h"
#include "syntax/error_messages.h"
#include "syntax/error_recovery.h"
#include "syntax/lexer.h"
#include "util/threads.h"
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

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// The statements and comments of a piece of the file after those of `out`.
void appendFile(ast::File& out, ast::File& piece) {
  append(out.comments, piece.comments);
  append(out.uses, piece.uses);
  append(out.namespaces, piece.namespaces);
  append(out.externals, piece.externals);
  append(out.bundles, piece.bundles);
  append(out.clusterBlocks, piece.clusterBlocks);
  append(out.expects, piece.expects);
}

// The AST, escapes and comments of a parsed piece, added to `out`.
void collect(P::File_Context* tree, antlr4::CommonTokenStream& tokens, const OffsetMap& map, ast::File& out,
             std::vector<BadEscape>& escapes) {
  findBadEscapes(tokens, map, escapes);
  ast::File piece = buildAst(tree, map);
  appendFile(out, piece);
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

// ANTLR 4.9's generated parser keeps one prediction cache (DFA and context
// cache) for every parser of the process, and this runtime does not share it
// safely between threads (antlr/antlr4#3332, fixed in a later runtime). The
// calling thread parses with that shared cache; every other thread borrows
// a cache of its own from this pool, kept between files so that it stays
// warm (clearParserCaches empties it).
struct Prediction {
  std::vector<antlr4::dfa::DFA> dfa;
  antlr4::atn::PredictionContextCache contexts;
  explicit Prediction(const antlr4::atn::ATN& atn) {
    for (std::size_t i = 0; i < atn.getNumberOfDecisions(); ++i) dfa.emplace_back(atn.getDecisionState(i), i);
  }
};
std::mutex predictionPoolMutex;
std::vector<std::unique_ptr<Prediction>> predictionPool;

// The generated parser's ATN (a static of its class, built once and then
// only read), reached through a parser of an empty text.
const antlr4::atn::ATN& parserAtn() {
  static const antlr4::atn::ATN& atn = [] () -> const antlr4::atn::ATN& {
    NplTokenSource none("");
    antlr4::CommonTokenStream tokens(&none);
    return P(&tokens).getATN();
  }();
  return atn;
}

std::unique_ptr<Prediction> borrowPrediction(const antlr4::atn::ATN& atn) {
  std::lock_guard<std::mutex> lock(predictionPoolMutex);
  if (predictionPool.empty()) return std::make_unique<Prediction>(atn);
  auto p = std::move(predictionPool.back());
  predictionPool.pop_back();
  return p;
}

void returnPrediction(std::unique_ptr<Prediction> p) {
  std::lock_guard<std::mutex> lock(predictionPoolMutex);
  predictionPool.push_back(std::move(p));
}

// `work(i, own)` for every i below `items`, on one thread per core
// (NPLC_THREADS): the calling thread with the shared prediction cache
// (`own` nullptr), every other with one of its own from the pool.
template <typename Work>
void onEveryCore(std::size_t items, Work work) {
  std::atomic<std::size_t> next{0};
  auto loop = [&](Prediction* own) {
    for (std::size_t i = next++; i < items; i = next++) work(i, own);
  };
  const unsigned threads = std::min<std::size_t>(util::workerThreads(items, 2), items);
  std::vector<std::unique_ptr<Prediction>> owned;
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) {
    owned.push_back(borrowPrediction(parserAtn()));
    workers.emplace_back(loop, owned.back().get());
  }
  loop(nullptr);
  for (auto& w : workers) w.join();
  for (auto& p : owned) returnPrediction(std::move(p));
}

struct Piece {
  bool parsed = false;
  ast::File file;
  std::vector<BadEscape> escapes;
  std::exception_ptr failure;  // anything but a syntax error, rethrown by the caller
};

// One piece, with SLL and bail-out: `parsed` false at its first syntax error.
void parsePiece(const std::string& text, LexState from, std::size_t end, const OffsetMap& map, Prediction* own,
                Piece& out) {
  NplTokenSource lexer(text, from, end);
  antlr4::CommonTokenStream tokens(&lexer);
  P parser(&tokens);
  parser.removeErrorListeners();
  if (own != nullptr) {
    // setInterpreter deletes the one the parser made; the parser deletes this one.
    parser.setInterpreter(new antlr4::atn::ParserATNSimulator(&parser, parser.getATN(), own->dfa, own->contexts));
  }
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    out.file.file = map.file();
    collect(parser.file_(), tokens, map, out.file, out.escapes);
    out.parsed = true;
  } catch (const antlr4::ParseCancellationException&) {
    out.parsed = false;
  } catch (...) {
    out.failure = std::current_exception();
  }
}

// Every piece parsed, on one thread per core (NPLC_THREADS), and put
// together in file order; nullopt when one does not parse.
std::optional<ast::File> parsePieces(const std::string& text, const std::vector<LexState>& starts, const OffsetMap& map,
                                     std::vector<BadEscape>& escapes) {
  std::vector<Piece> pieces(starts.size());
  onEveryCore(pieces.size(), [&](std::size_t i, Prediction* own) {
    // The first piece also holds the comments before its first token, the
    // last one runs to the end of the file.
    const LexState from = i == 0 ? LexState{text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3u : 0u, 0, 1, 0} : starts[i];
    parsePiece(text, from, i + 1 < starts.size() ? starts[i + 1].pos : text.size(), map, own, pieces[i]);
  });

  ast::File out;
  out.file = map.file();
  for (Piece& piece : pieces) {
    if (piece.failure) std::rethrow_exception(piece.failure);
    if (!piece.parsed) return std::nullopt;
    appendFile(out, piece.file);
    append(escapes, piece.escapes);
  }
  return out;
}

// parseFile's work on `text`; `own`: the prediction cache of a thread
// other than the caller of parseFile (nullptr: the shared one).
std::optional<ast::File> parseWith(const std::string& text, source::FileId file, diag::Sink& sink, Prediction* own) {
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
  if (own == nullptr && text.size() >= 2 * chunkBytes()) {
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
  if (own != nullptr) {
    // setInterpreter deletes the one the parser made; the parser deletes this one.
    parser.setInterpreter(new antlr4::atn::ParserATNSimulator(&parser, parser.getATN(), own->dfa, own->contexts));
  }

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

}  // namespace

std::optional<ast::File> parseFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink) {
  return parseWith(sm.file(file).text, file, sink, nullptr);
}

void parseInParallel(std::vector<ParseJob>& jobs) {
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    if (jobs[i].text.size() < 2 * chunkBytes()) todo.push_back(i);
  std::vector<std::exception_ptr> failures(todo.size());
  onEveryCore(todo.size(), [&](std::size_t i, Prediction* own) {
    ParseJob& job = jobs[todo[i]];
    try {
      job.ast = parseWith(job.text, job.file, job.sink, own);
      job.parsed = true;
    } catch (...) {
      failures[i] = std::current_exception();
    }
  });
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
}

std::vector<UseRef> scanUses(std::string_view text) {
  std::vector<UseRef> out;
  // The parser reads nothing of such a text (parseFile reports E0002/E0003).
  if (text.find('\0') != std::string_view::npos || util::firstInvalidUtf8(text) != std::string::npos) return out;
  NplTokenSource lexer(text);
  std::size_t depth = 0;
  bool afterUse = false;
  while (const auto lexeme = lexer.nextLexeme()) {
    const std::size_t type = lexeme->type;
    if (type == gen::NplLexer::COMMENT) continue;
    if (afterUse) {
      const std::size_t from = lexeme->start.pos;
      std::size_t to = from;
      while (to < text.size() && text[to] != ' ' && text[to] != '\t' && text[to] != '\n' && text[to] != '\r' &&
             text[to] != '#')
        ++to;
      out.push_back({type == gen::NplLexer::STRING, std::string(text.substr(from, to - from))});
      afterUse = false;
    }
    if (depth == 0 && type == gen::NplLexer::USE) afterUse = true;
    if (type == gen::NplLexer::LBRACE) ++depth;
    if (type == gen::NplLexer::RBRACE && depth > 0) --depth;
  }
  return out;
}

void clearParserCaches() {
  {
    std::lock_guard<std::mutex> lock(predictionPoolMutex);
    predictionPool.clear();
  }
  // Only the parser's: the generated lexer, which has caches of its own, is
  // not used (lexer.h) and not linked (lexer_difference.cpp).
  NplTokenSource nothing("");
  antlr4::CommonTokenStream tokens(&nothing);
  P parser(&tokens);
  auto* sim = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  sim->clearDFA();
  sim->getSharedContextCache().clear();
}

}  // namespace nplc::syntax
