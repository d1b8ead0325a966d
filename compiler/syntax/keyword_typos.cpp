#include "syntax/keyword_typos.h"

#include "NplLexer.h"
#include "NplParser.h"
#include "syntax/previous_token.h"
#include "util/suggest.h"

namespace nplc::syntax {

namespace {

using P = gen::NplParser;

// The keywords among `allowed`, as written (`deny-all`, not 'deny-all').
std::vector<std::string> keywords(const antlr4::misc::IntervalSet& allowed, const antlr4::dfa::Vocabulary& vocab) {
  std::vector<std::string> out;
  for (const auto value : allowed.toList()) {
    if (value < 1) continue;  // EOF, epsilon
    const auto t = static_cast<std::size_t>(value);
    const std::string literal = vocab.getLiteralName(t);  // quoted, or empty for IDENT, NUMBER...
    if (literal.size() < 3 || !std::isalpha(static_cast<unsigned char>(literal[1]))) continue;
    out.push_back(literal.substr(1, literal.size() - 2));
  }
  return out;
}

std::optional<std::string> closestKeyword(const std::string& word, const antlr4::misc::IntervalSet& allowed,
                                          const antlr4::dfa::Vocabulary& vocab) {
  const auto close = util::closestNames(word, keywords(allowed, vocab));
  if (close.empty()) return std::nullopt;
  return close.front();
}

// A top-level declaration, a namespace item, an item of an external
// namespace, an edge of a bundle: what `ctx` is part of, or nullptr.
antlr4::ParserRuleContext* enclosingStatement(antlr4::ParserRuleContext* ctx) {
  for (; ctx != nullptr; ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    switch (ctx->getRuleIndex()) {
      case P::RuleTopItem:
      case P::RuleNsItem:
      case P::RuleExtNsItem:
        return ctx;
      case P::RuleEdgeDecl:
        if (dynamic_cast<P::BundleDeclContext*>(ctx->parent) != nullptr) return ctx;
        break;
      default:
        break;
    }
  }
  return nullptr;
}

// `deny-all ingres baseline`: `deny-all ingres` is read as a whole statement
// (deny-all of a service named ingres), so the error comes at the statement
// that `baseline` seems to start. The word after `deny-all`, on the line of
// `first`, close to a direction, is the typo.
std::optional<KeywordTypo> misspeltDirection(antlr4::TokenStream& tokens, antlr4::Token* first) {
  if (first->getType() != gen::NplLexer::BASELINE && first->getType() != gen::NplLexer::IDENT) return std::nullopt;
  antlr4::Token* word = previousToken(tokens, first);
  if (word == nullptr || word->getType() != gen::NplLexer::IDENT || word->getLine() != first->getLine()) {
    return std::nullopt;
  }
  const antlr4::Token* before = previousToken(tokens, word);
  if (before == nullptr || before->getType() != gen::NplLexer::DENY_ALL) return std::nullopt;
  const auto close = util::closestNames(word->getText(), {"ingress", "egress"});
  if (close.empty()) return std::nullopt;
  return KeywordTypo{word, close.front()};
}

}  // namespace

std::optional<KeywordTypo> findKeywordTypo(antlr4::Parser& parser, antlr4::Token* bad) {
  const auto& vocab = parser.getVocabulary();
  if (bad->getType() == gen::NplLexer::IDENT) {
    if (auto k = closestKeyword(bad->getText(), parser.getExpectedTokens(), vocab)) return KeywordTypo{bad, *k};
  }
  antlr4::ParserRuleContext* statement = enclosingStatement(parser.getContext());
  if (statement == nullptr) return std::nullopt;
  antlr4::Token* first = statement->getStart();
  if (auto direction = misspeltDirection(*parser.getTokenStream(), first)) return direction;
  if (first->getType() != gen::NplLexer::IDENT || previousToken(*parser.getTokenStream(), bad) != first) {
    return std::nullopt;
  }
  const antlr4::atn::ATN& atn = parser.getATN();
  const auto& starts = atn.nextTokens(atn.ruleToStartState[statement->getRuleIndex()]);
  if (auto k = closestKeyword(first->getText(), starts, vocab)) return KeywordTypo{first, *k};
  return std::nullopt;
}

}  // namespace nplc::syntax
