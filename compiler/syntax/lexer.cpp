#include "syntax/lexer.h"

#include <vector>

#include "NplLexer.h"
#include "syntax/http_rule.h"
#include "syntax/tokens.h"

namespace nplc::syntax {

namespace {

using L = gen::NplLexer;

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isWordEnd(char c) { return isLetter(c) || isDigit(c) || c == '_'; }          // [a-zA-Z0-9_]
bool isWordMid(char c) { return isWordEnd(c) || c == '.' || c == '-'; }           // [a-zA-Z0-9_.\-]
bool isBlank(char c) { return c == ' ' || c == '\t'; }                             // [ \t]
bool isCidr6Tail(char c) { return isHex(c) || c == ':' || c == '.'; }             // [0-9a-fA-F:.]
bool isPathChar(char c) {                                                          // PATH_CHAR
  return isWordEnd(c) || std::string_view("-.~*/%:@!$&'()+;=").find(c) != std::string_view::npos;
}
bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The keyword rules, in the grammar's order (they come before IDENT, so a
// keyword wins over an identifier of the same length).
struct Keyword {
  std::string_view text;
  std::size_t type;
};
const Keyword kKeywords[] = {
    {"use", L::USE},         {"namespace", L::NAMESPACE}, {"external", L::EXTERNAL},
    {"service", L::SERVICE}, {"labels", L::LABELS},       {"deny-all", L::DENY_ALL},
    {"selector-key", L::SELECTOR_KEY}, {"deny", L::DENY}, {"baseline", L::BASELINE},
    {"ingress", L::INGRESS}, {"egress", L::EGRESS},       {"allow", L::ALLOW},
    {"bundle", L::BUNDLE},   {"admin", L::ADMIN},         {"pass", L::PASS},
    {"priority", L::PRIORITY}, {"except", L::EXCEPT},     {"dns", L::DNS},
    {"entity", L::ENTITY},   {"any", L::ANY},             {"pods", L::PODS},
    {"namespaces", L::NAMESPACES}, {"nodes", L::NODES},
    {"in", L::IN},         {"notin", L::NOTIN},
    {"ports", L::PORTS},     {"expect", L::EXPECT},       {"allowed", L::ALLOWED},
    {"denied", L::DENIED},   {"on", L::ON},
};
const std::string_view kHttpMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

// Each matcher returns the length in bytes of the longest prefix of s[p..]
// its rule accepts, 0 for none.
class Matchers {
 public:
  explicit Matchers(std::string_view s) : s_(s) {}

  char at(std::size_t q) const { return q < s_.size() ? s_[q] : '\0'; }
  template <typename Pred>
  std::size_t run(std::size_t q, Pred pred) const {
    const std::size_t from = q;
    while (q < s_.size() && pred(s_[q])) ++q;
    return q - from;
  }
  // The end of the last byte in (p, p + 1 + run of wordMid] that isWordEnd,
  // i.e. the longest `X [a-zA-Z0-9_.\-]* [a-zA-Z0-9_]` after a first byte X.
  std::size_t wordTail(std::size_t p) const {
    const std::size_t end = p + 1 + run(p + 1, isWordMid);
    for (std::size_t q = end; q > p + 1; --q) {
      if (isWordEnd(s_[q - 1])) return q - p;
    }
    return 0;
  }

  std::size_t keyword(std::size_t p, std::string_view word) const {
    return s_.substr(p, word.size()) == word ? word.size() : 0;
  }
  std::size_t httpRule(std::size_t p) const {  // HTTP_METHOD [ \t]+ '/' PATH_CHAR*
    for (std::string_view m : kHttpMethods) {
      if (s_.substr(p, m.size()) != m) continue;
      std::size_t q = p + m.size();
      const std::size_t blanks = run(q, isBlank);
      if (blanks == 0 || at(q + blanks) != '/') return 0;
      q += blanks + 1;
      return q + run(q, isPathChar) - p;
    }
    return 0;
  }
  std::size_t ipv4(std::size_t p) const {  // OCTET '.' OCTET '.' OCTET '.' OCTET
    std::size_t q = p;
    for (int i = 0; i < 4; ++i) {
      if (i > 0) {
        if (at(q) != '.') return 0;
        ++q;
      }
      const std::size_t n = run(q, isDigit);
      if (n == 0) return 0;
      q += n;
    }
    return q - p;
  }
  std::size_t slashDigits(std::size_t q) const {  // '/' [0-9]+, or 0
    if (at(q) != '/') return 0;
    const std::size_t n = run(q + 1, isDigit);
    return n == 0 ? 0 : n + 1;
  }
  std::size_t cidr4(std::size_t p) const {
    const std::size_t n = ipv4(p);
    const std::size_t suffix = n == 0 ? 0 : slashDigits(p + n);
    return suffix == 0 ? 0 : n + suffix;
  }
  // HEX* ':' HEX* ':' [0-9a-fA-F:.]* '/' [0-9]+. Each run is maximal: the
  // byte after a shorter one would be of the run's class, not the separator.
  std::size_t cidr6(std::size_t p) const {
    std::size_t q = p;
    for (int i = 0; i < 2; ++i) {
      q += run(q, isHex);
      if (at(q) != ':') return 0;
      ++q;
    }
    q += run(q, isCidr6Tail);
    const std::size_t suffix = slashDigits(q);
    return suffix == 0 ? 0 : q + suffix - p;
  }
  std::size_t portRange(std::size_t p) const {  // [0-9]+ '-' [0-9]+
    const std::size_t n = run(p, isDigit);
    if (n == 0 || at(p + n) != '-') return 0;
    const std::size_t m = run(p + n + 1, isDigit);
    return m == 0 ? 0 : n + 1 + m;
  }
  std::size_t digitWord(std::size_t p) const { return isDigit(at(p)) ? wordTail(p) : 0; }
  std::size_t ident(std::size_t p) const {  // [a-zA-Z_] ([a-zA-Z0-9_.\-]* [a-zA-Z0-9_])?
    if (!isLetter(at(p)) && at(p) != '_') return 0;
    return std::max<std::size_t>(1, wordTail(p));
  }
  // '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'. Stepping by bytes is exact: the
  // bytes of a multi-byte character are none of '"', '\\', '\r', '\n'.
  std::size_t string(std::size_t p) const {
    if (at(p) != '"') return 0;
    for (std::size_t q = p + 1; q < s_.size(); ++q) {
      const char c = s_[q];
      if (c == '"') return q + 1 - p;
      if (c == '\r' || c == '\n') return 0;
      if (c == '\\') {
        if (q + 1 >= s_.size() || s_[q + 1] == '\r' || s_[q + 1] == '\n') return 0;
        ++q;
      }
    }
    return 0;
  }
  std::size_t comment(std::size_t p) const {  // '#' ~[\r\n]*
    if (at(p) != '#') return 0;
    return 1 + run(p + 1, [](char c) { return c != '\r' && c != '\n'; });
  }
  std::size_t whitespace(std::size_t p) const {  // [ \t\r\n\u000C\uFEFF]+
    std::size_t q = p;
    while (q < s_.size()) {
      const char c = s_[q];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
        ++q;
      } else if (s_.substr(q, kByteOrderMark.size()) == kByteOrderMark) {
        q += kByteOrderMark.size();
      } else {
        break;
      }
    }
    return q - p;
  }
  std::size_t codePoint(std::size_t p) const {  // ERROR_CHAR : . ;
    std::size_t q = p + 1;
    while (q < s_.size() && isContinuation(s_[q])) ++q;
    return q - p;
  }

 private:
  std::string_view s_;
};

std::size_t singleCharToken(char c) {
  switch (c) {
    case '{': return L::LBRACE;
    case '}': return L::RBRACE;
    case '(': return L::LPAREN;
    case ')': return L::RPAREN;
    case ',': return L::COMMA;
    case ':': return L::COLON;
    case '=': return L::ASSIGN;
    case '/': return L::SLASH;
    case '*': return L::STAR;
    case '!': return L::BANG;
    case '-': return L::DASH;
    default: return 0;
  }
}

struct Match {
  std::size_t type = 0;
  std::size_t length = 0;  // bytes
};

// The rule the generated lexer would choose at p. Candidates are taken in
// the grammar's rule order and a later one wins only when it is longer.
// Lengths are compared in bytes: rules that can match at one position either
// all read ASCII there, or are ERROR_CHAR against the byte-order mark of WS
// (one character each, and WS comes first).
Match longestMatch(const Matchers& m, std::string_view s, std::size_t p) {
  Match best;
  auto consider = [&best](std::size_t type, std::size_t length) {
    if (length > best.length) best = {type, length};
  };
  const char c = s[p];
  if (c >= 'a' && c <= 'z') {
    for (const Keyword& k : kKeywords) {
      if (k.text[0] == c) consider(k.type, m.keyword(p, k.text));
    }
  }
  if (c >= 'A' && c <= 'Z') consider(L::HTTP_RULE, m.httpRule(p));
  if (isDigit(c)) {
    consider(L::CIDR4, m.cidr4(p));
    consider(L::IPADDR4, m.ipv4(p));
  }
  if (isHex(c) || c == ':') consider(L::CIDR6, m.cidr6(p));
  if (isDigit(c)) {
    consider(L::PORT_RANGE, m.portRange(p));
    consider(L::NUMBER, m.run(p, isDigit));
    consider(L::DIGIT_WORD, m.digitWord(p));
  }
  consider(L::IDENT, m.ident(p));
  consider(L::STRING, m.string(p));
  if (c == '-' && m.at(p + 1) == '>') consider(L::ARROW, 2);
  if (const std::size_t single = singleCharToken(c)) consider(single, 1);
  consider(L::COMMENT, m.comment(p));
  consider(L::WS, m.whitespace(p));
  consider(L::ERROR_CHAR, m.codePoint(p));
  return best;
}

}  // namespace

NplTokenSource::NplTokenSource(std::string_view text) : text_(text) {
  if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) pos_ = kByteOrderMark.size();
}

bool NplTokenSource::advance(std::size_t& type, std::string_view& bytes, std::size_t& codePoints) {
  if (pos_ >= text_.size()) return false;
  const Match match = longestMatch(Matchers(text_), text_, pos_);
  type = match.type;
  bytes = text_.substr(pos_, match.length);
  codePoints = 0;
  // Lines and columns as ANTLR counts them: '\n' starts a line, every other
  // character (a code point) is one column.
  for (char c : bytes) {
    if (isContinuation(c)) continue;
    ++codePoints;
    if (c == '\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
  }
  pos_ += match.length;
  codePoint_ += codePoints;
  return true;
}

std::optional<Lexeme> NplTokenSource::nextLexeme() {
  std::size_t type = 0, codePoints = 0;
  std::string_view bytes;
  for (LexState start{pos_, codePoint_, line_, column_}; advance(type, bytes, codePoints);
       start = {pos_, codePoint_, line_, column_}) {
    if (type != L::WS) return Lexeme{type, start, pos_};
  }
  return std::nullopt;
}

std::unique_ptr<antlr4::Token> NplTokenSource::nextToken() {
  const auto source = std::make_pair(static_cast<antlr4::TokenSource*>(this), static_cast<antlr4::CharStream*>(nullptr));
  std::size_t type = 0, codePoints = 0;
  std::string_view bytes;
  for (LexState start{pos_, codePoint_, line_, column_}; advance(type, bytes, codePoints);
       start = {pos_, codePoint_, line_, column_}) {
    if (type == L::WS) continue;
    auto token = std::make_unique<antlr4::CommonToken>(
        source, type, type == L::COMMENT ? antlr4::Token::HIDDEN_CHANNEL : antlr4::Token::DEFAULT_CHANNEL,
        start.codePoint, start.codePoint + codePoints - 1);
    token->setLine(start.line);
    token->setCharPositionInLine(start.column);
    token->setText(std::string(bytes));
    return token;
  }
  auto eof = std::make_unique<antlr4::CommonToken>(source, antlr4::Token::EOF, antlr4::Token::DEFAULT_CHANNEL,
                                                   codePoint_, codePoint_ - 1);
  eof->setLine(line_);
  eof->setCharPositionInLine(column_);
  eof->setText("<EOF>");
  return eof;
}

bool isHttpMethod(std::string_view text) {
  for (std::string_view m : kHttpMethods)
    if (text == m) return true;
  return false;
}

bool isHttpPathChar(char c) { return isPathChar(c); }

}  // namespace nplc::syntax
