#include "syntax/error_messages.h"

#include <fmt/format.h>

#include "NplLexer.h"
#include "diag/text_edits.h"
#include "syntax/http_rule.h"
#include "syntax/keyword_typos.h"
#include "syntax/unclosed_blocks.h"
#include "util/utf8.h"

namespace nplc::syntax {

namespace {

using L = gen::NplLexer;

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
  switch (t) {
    case L::DIGIT_WORD: case L::INGRESS: case L::EGRESS: case L::DNS: case L::ENTITY: case L::LABELS:
    case L::IN: case L::NOTIN: case L::PODS: case L::NAMESPACES: case L::NODES: case L::BASELINE: case L::BUNDLE:
    case L::ADMIN: case L::PASS: case L::PRIORITY:
    case L::PORTS: case L::EXPECT: case L::ALLOWED: case L::DENIED: case L::ON:
      return true;
    default:
      return false;
  }
}

bool isHttpMethod(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return syntax::isHttpMethod(text);
}

std::string describe(const antlr4::Token* t) {
  return t->getType() == antlr4::Token::EOF ? "end of file" : fmt::format("'{}'", t->getText());
}

// "unexpected X; expected A, B, C" from what the parser accepts at `bad`.
std::string unexpected(antlr4::Parser& parser, const antlr4::Token* bad) {
  std::vector<std::string> names;
  const auto expected = parser.getExpectedTokens();
  // Soft keywords are names too: when a name may come, say so once.
  const bool nameOk = expected.contains(static_cast<std::size_t>(L::IDENT));
  for (auto t : expected.toList()) {
    if (nameOk && isSoftKeyword(t)) continue;
    names.push_back(tokenDisplay(parser.getVocabulary(), t));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string message = fmt::format("unexpected {}", describe(bad));
  if (!names.empty() && names.size() <= 12) message += fmt::format("; expected {}", fmt::join(names, ", "));
  return message;
}

// A help line for a token that is often written by mistake where it is.
std::string helpForToken(const antlr4::Token* bad) {
  if (bad->getType() == L::IPADDR4) return "add a prefix length, e.g. /32 for one address";
  if (bad->getType() == L::NUMBER || bad->getType() == L::PORT_RANGE) {
    return "ports follow the destination after a colon, e.g. api:8080";
  }
  if (isHttpMethod(bad->getText())) {
    return "an HTTP rule is METHOD /path (method in capitals, path starting with '/'), after the ports";
  }
  return "";
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* bad, std::size_t, std::size_t,
                                      const std::string& msg, std::exception_ptr) {
  ++count_;
  source::Span span = bad != nullptr ? map_.span(bad, bad) : source::Span{map_.file(), 0, 0};
  std::string message = msg;
  std::string help;
  std::optional<UnclosedBlock> unclosed;
  std::optional<KeywordTypo> typo;
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  if (bad != nullptr && bad->getType() == L::ERROR_CHAR) {
    message = fmt::format("unexpected character {}", describe(bad));
    if (bad->getText() == "\"") help = "strings end on the same line with '\"'";
    if (!bad->getText().empty() && static_cast<unsigned char>(bad->getText()[0]) >= 0x80) {
      // Look-alikes and invisible characters cannot be seen in a message.
      message = fmt::format("unexpected character {} ({})", describe(bad), util::codePointName(bad->getText()));
      help =
          "outside strings and comments NPL is ASCII: retype it (it may only look like an ASCII "
          "character, or be invisible)";
    }
  } else if (bad != nullptr && parser != nullptr) {
    message = unexpected(*parser, bad);
    help = helpForToken(bad);
    if ((typo = findKeywordTypo(*parser, bad))) {
      if (typo->word != bad) {
        span = map_.span(typo->word, typo->word);
        message = fmt::format("unknown keyword '{}'", typo->word->getText());
      }
      help = fmt::format("did you mean `{}`?", typo->keyword);
    } else if ((unclosed = findUnclosedBlock(*parser, bad))) {
      message = fmt::format("{} has no closing '}}' before {}", unclosed->what, describe(bad));
      if (unclosed->misclosedBy != nullptr) {
        span = map_.span(unclosed->misclosedBy, unclosed->misclosedBy);
        message = fmt::format("this '}}' closes {}, not {}", unclosed->what, unclosed->outer);
      }
      help = unclosed->selector ? fmt::format("add `}}` after '{}' on line {}", unclosed->last->getText(),
                                              unclosed->last->getLine())
                                : fmt::format("add `}}` on a new line after line {}", unclosed->last->getLine());
    }
  }
  auto& d = sink_.report("E0001", span, message);
  if (unclosed) d.label(map_.span(unclosed->open, unclosed->open), fmt::format("{} opened here", unclosed->what));
  if (!help.empty()) d.withHelp(help);
  if (typo) d.withEdit(map_.span(typo->word, typo->word), typo->keyword);
  if (unclosed) {
    const source::Span last = map_.span(unclosed->last, unclosed->last);
    if (unclosed->selector) d.withEdit({last.file, last.end, last.end}, " }");
    // The `}` on a line of its own, indented as the line that opened the block.
    else d.withEdit(diag::onLineAfter(text_, {last.file, map_.span(unclosed->open, unclosed->open).begin, last.end}, "}"));
  }
  if (count_ == kMaxErrors) {
    d.note(fmt::format("nplc stops reading a file after {} syntax errors; fix these and run it again", kMaxErrors));
    throw TooManySyntaxErrors{};
  }
}

}  // namespace nplc::syntax
