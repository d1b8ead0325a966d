#include "syntax/parser.h"

#include <fmt/format.h>

#include "NplLexer.h"
#include "NplParser.h"
#include "antlr4-runtime.h"
#include "syntax/ast_builder.h"

namespace nplc::syntax {

namespace {

using P = gen::NplParser;

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t firstInvalidUtf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string::npos;
}

// How a token is named in "expected ..." messages.
std::string tokenDisplay(const antlr4::dfa::Vocabulary& vocab, std::size_t type) {
  if (type == antlr4::Token::EOF) return "end of file";
  const std::string literal = vocab.getLiteralName(type);
  if (!literal.empty()) return literal;
  const std::string sym = vocab.getSymbolicName(type);
  if (sym == "IDENT") return "a name";
  if (sym == "NUMBER") return "a number";
  if (sym == "STRING") return "a string";
  if (sym == "CIDR4" || sym == "CIDR6") return "a CIDR";
  if (sym == "IPADDR4") return "an address";
  if (sym == "PORT_RANGE") return "a port range";
  if (sym == "HTTP_RULE") return "an HTTP rule (METHOD /path)";
  if (sym == "DIGIT_WORD") return "a value";
  return sym;
}

class ErrorCollector : public antlr4::BaseErrorListener {
 public:
  ErrorCollector(const OffsetMap& map, diag::Sink& sink, const antlr4::dfa::Vocabulary& vocab)
      : map_(map), sink_(sink), vocab_(vocab) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* bad, std::size_t, std::size_t,
                   const std::string& msg, std::exception_ptr) override {
    ++count_;
    if (count_ > kMaxErrors) return;
    source::Span span = bad != nullptr ? map_.span(bad, bad) : source::Span{map_.file(), 0, 0};
    std::string message = msg;
    std::string help;
    if (bad != nullptr) {
      auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
      const std::string found =
          bad->getType() == antlr4::Token::EOF ? "end of file" : fmt::format("'{}'", bad->getText());
      if (bad->getType() == gen::NplLexer::ERROR_CHAR) {
        message = fmt::format("unexpected character {}", found);
        if (bad->getText() == "\"") help = "strings end on the same line with '\"'";
      } else if (parser != nullptr) {
        std::vector<std::string> names;
        for (auto t : parser->getExpectedTokens().toList()) names.push_back(tokenDisplay(vocab_, t));
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        message = fmt::format("unexpected {}", found);
        if (!names.empty() && names.size() <= 12) message += fmt::format("; expected {}", fmt::join(names, ", "));
        if (bad->getType() == gen::NplLexer::IPADDR4) help = "add a prefix length, e.g. /32 for one address";
      }
    }
    auto& d = sink_.report("E0001", span, message);
    if (!help.empty()) d.withHelp(help);
  }

  std::size_t count() const { return count_; }

 private:
  static constexpr std::size_t kMaxErrors = 50;
  const OffsetMap& map_;
  diag::Sink& sink_;
  const antlr4::dfa::Vocabulary& vocab_;
  std::size_t count_ = 0;
};

}  // namespace

std::optional<ast::File> parseFile(const source::SourceManager& sm, source::FileId file, diag::Sink& sink) {
  const std::string& text = sm.file(file).text;
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    sink.report("E0003", {file, static_cast<std::uint32_t>(nul), static_cast<std::uint32_t>(nul + 1)},
                "NUL byte in source file")
        .withHelp("is this a binary file? .npl files are UTF-8 text");
    return std::nullopt;
  }
  if (const auto bad = firstInvalidUtf8(text); bad != std::string::npos) {
    sink.report("E0002", {file, static_cast<std::uint32_t>(bad), static_cast<std::uint32_t>(bad + 1)},
                fmt::format("invalid UTF-8 byte 0x{:02x}", static_cast<unsigned char>(text[bad])))
        .withHelp("save the file as UTF-8");
    return std::nullopt;
  }

  const OffsetMap map(file, text);
  antlr4::ANTLRInputStream input(text);
  gen::NplLexer lexer(&input);
  lexer.removeErrorListeners();
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
  // Stage 2: full LL with error recovery, so every syntax error is reported.
  ErrorCollector errors(map, sink, parser.getVocabulary());
  if (tree == nullptr) {
    tokens.seek(0);
    parser.reset();
    parser.addErrorListener(&errors);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
    try {
      tree = parser.file_();
    } catch (const std::exception& e) {
      sink.report("E0001", {file, 0, 0}, std::string("the parser gave up: ") + e.what());
      return std::nullopt;
    }
    if (errors.count() > 0) return std::nullopt;
  }
  return buildAst(tree, map);
}

}  // namespace nplc::syntax
