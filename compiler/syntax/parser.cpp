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
#include "syntax/direct_parser.h"
#include "syntax/error_messages.h"
#include "syntax/error_recovery.h"
#include "syntax/lexer.h"
#include "syntax/literals.h"
#include "util/threads.h"
#include "util/utf8.h"

namespace nplc::syntax {

namespace {

using P = gen::NplParser;

void escapesOfTokens(antlr4::CommonTokenStream& tokens, const OffsetMap& map, std::vector<BadEscape>& out) {
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getType() == gen::NplLexer::STRING)
      findBadEscapes(t->getText(), map.file(), map.byteOffset(t->getStartIndex()), out);
  }
}

// Reported only once the file parses.
bool reportBadEscapes(const std::vector<BadEscape>& escapes, diag::Sink& sink) {
  for (const BadEscape& e : escapes) {
    sink.report("E0006", e.span, fmt::format("unknown escape sequence '{}' in a string", e.text))
        .withHelp("strings know only \\\" and \\\\; write the character itself, or \\\\ for a backslash");
  }
  return escapes.empty();
}

// The AST, escapes and comments of a parse tree.
ast::File collect(P::File_Context* tree, antlr4::CommonTokenStream& tokens, const OffsetMap& map,
                  std::vector<BadEscape>& escapes) {
  escapesOfTokens(tokens, map, escapes);
  ast::File out = buildAst(tree, map);
  // Comments stay on the HIDDEN channel; keep them for comment directives.
  tokens.fill();
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getType() == gen::NplLexer::COMMENT) out.comments.push_back({t->getText(), map.span(t, t)});
  }
  return out;
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

// ANTLR's parse of `text`, every syntax error reported; `own`: the
// prediction cache of a thread other than the caller of parseFile (nullptr:
// the shared one). The bad escapes are the caller's to report.
std::optional<ast::File> parseWithAntlr(const std::string& text, source::FileId file, diag::Sink& sink,
                                        Prediction* own, std::vector<BadEscape>& escapes) {
  const OffsetMap map(file, text);
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
  return collect(tree, tokens, map, escapes);
}

// NPLC_PARSER=antlr: every file parsed by ANTLR's parser, for the tests that
// compare it with the direct one (parser_equivalence_test.py) and for the bench.
bool directParserOn() {
  static const bool on = [] {
    const char* forced = std::getenv("NPLC_PARSER");
    return forced == nullptr || std::string_view(forced) != "antlr";
  }();
  return on;
}

// parseFile's work on `text`: the direct parser, and ANTLR's when it declines.
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
  if (directParserOn()) {
    if (auto direct = parseDirect(text, file)) {
      if (!reportBadEscapes(direct->escapes, sink)) return std::nullopt;
      return std::move(direct->file);
    }
  }
  std::vector<BadEscape> escapes;
  auto out = parseWithAntlr(text, file, sink, own, escapes);
  if (out && !reportBadEscapes(escapes, sink)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<ast::File> parseFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink) {
  return parseWith(sm.file(file).text, file, sink, nullptr);
}

void parseInParallel(std::vector<ParseJob>& jobs) {
  std::vector<std::exception_ptr> failures(jobs.size());
  onEveryCore(jobs.size(), [&](std::size_t i, Prediction* own) {
    ParseJob& job = jobs[i];
    try {
      job.ast = parseWith(job.text, job.file, job.sink, own);
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

namespace {

// Which of a file's statements differ, for parserDifference's message.
std::string firstDifference(const ast::File& direct, const ast::File& antlr) {
  auto same = [](const auto& a, const auto& b) -> std::string {
    if (a.size() != b.size()) return fmt::format("{} against {}", a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return fmt::format("number {}", i + 1);
    return "";
  };
  const std::pair<const char*, std::string> parts[] = {
      {"comments", same(direct.comments, antlr.comments)},
      {"uses", same(direct.uses, antlr.uses)},
      {"namespaces", same(direct.namespaces, antlr.namespaces)},
      {"externals", same(direct.externals, antlr.externals)},
      {"bundles", same(direct.bundles, antlr.bundles)},
      {"cluster blocks", same(direct.clusterBlocks, antlr.clusterBlocks)},
      {"expectations", same(direct.expects, antlr.expects)},
  };
  for (const auto& [what, difference] : parts)
    if (!difference.empty()) return fmt::format("the {} differ: {}", what, difference);
  return direct == antlr ? "" : "the files differ";
}

}  // namespace

std::string parserDifference(const std::string& text) {
  auto direct = parseDirect(text, 0);
  if (!direct) return "";
  diag::Sink sink;
  std::vector<BadEscape> escapes;
  const auto antlr = parseWithAntlr(text, 0, sink, nullptr, escapes);
  if (!antlr) {
    return "the direct parser accepts a text ANTLR's does not" +
           (sink.all().empty() ? std::string() : ": " + sink.all().front().message);
  }
  if (escapes != direct->escapes) return "the bad escapes differ";
  return firstDifference(direct->file, *antlr);
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
