#include "syntax/parser.h"

#include <fmt/format.h>

#include "NplLexer.h"
#include "NplParser.h"
#include "antlr4-runtime.h"
#include "syntax/ast_builder.h"
#include "util/utf8.h"

namespace nplc::syntax {

namespace {

using P = gen::NplParser;

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

bool isSoftKeyword(std::size_t t) {
  using L = gen::NplLexer;
  switch (t) {
    case L::DIGIT_WORD: case L::INGRESS: case L::EGRESS: case L::DNS: case L::ENTITY: case L::LABELS:
    case L::IN: case L::NOTIN: case L::PODS: case L::NAMESPACES: case L::BASELINE: case L::BUNDLE:
      return true;
    default:
      return false;
  }
}

bool isHttpMethod(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}) {
    if (text == m) return true;
  }
  return false;
}

// Thrown by the error listener to stop parsing a file that has too many
// syntax errors: past that point recovery only piles up follow-on errors, and
// on a file that is not NPL at all it would cost time for nothing.
struct TooManySyntaxErrors {};

class ErrorCollector : public antlr4::BaseErrorListener {
 public:
  static constexpr std::size_t kMaxErrors = 50;

  ErrorCollector(const OffsetMap& map, diag::Sink& sink, const antlr4::dfa::Vocabulary& vocab)
      : map_(map), sink_(sink), vocab_(vocab) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* bad, std::size_t, std::size_t,
                   const std::string& msg, std::exception_ptr) override {
    ++count_;
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
        if (!bad->getText().empty() && static_cast<unsigned char>(bad->getText()[0]) >= 0x80) {
          // Look-alikes and invisible characters cannot be seen in a message.
          message = fmt::format("unexpected character {} ({})", found, util::codePointName(bad->getText()));
          help =
              "outside strings and comments NPL is ASCII: retype it (it may only look like an ASCII "
              "character, or be invisible)";
        }
      } else if (parser != nullptr) {
        std::vector<std::string> names;
        const auto expected = parser->getExpectedTokens();
        // Soft keywords are names too: when a name may come, say so once.
        const bool nameOk = expected.contains(static_cast<std::size_t>(gen::NplLexer::IDENT));
        for (auto t : expected.toList()) {
          if (nameOk && isSoftKeyword(t)) continue;
          names.push_back(tokenDisplay(vocab_, t));
        }
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        message = fmt::format("unexpected {}", found);
        if (!names.empty() && names.size() <= 12) message += fmt::format("; expected {}", fmt::join(names, ", "));
        if (bad->getType() == gen::NplLexer::IPADDR4) help = "add a prefix length, e.g. /32 for one address";
        if (bad->getType() == gen::NplLexer::NUMBER || bad->getType() == gen::NplLexer::PORT_RANGE) {
          help = "ports follow the destination after a colon, e.g. api:8080";
        }
        if (isHttpMethod(bad->getText())) {
          help = "an HTTP rule is METHOD /path (method in capitals, path starting with '/'), after the ports";
        }
      }
    }
    auto& d = sink_.report("E0001", span, message);
    if (!help.empty()) d.withHelp(help);
    if (count_ == kMaxErrors) {
      d.note(fmt::format("nplc stops reading a file after {} syntax errors; fix these and run it again", kMaxErrors));
      throw TooManySyntaxErrors{};
    }
  }

  std::size_t count() const { return count_; }

 private:
  const OffsetMap& map_;
  diag::Sink& sink_;
  const antlr4::dfa::Vocabulary& vocab_;
  std::size_t count_ = 0;
};

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
