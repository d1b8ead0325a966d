#include "syntax/unclosed_blocks.h"

#include <fmt/format.h>

#include "NplLexer.h"
#include "NplParser.h"
#include "syntax/previous_token.h"

namespace nplc::syntax {

namespace {

using P = gen::NplParser;

std::string nameOf(P::NameContext* name) { return name != nullptr ? " " + name->getText() : ""; }

// What the selector belongs to, in words.
std::string selectorOwner(antlr4::tree::ParseTree* parent) {
  if (auto* s = dynamic_cast<P::ServiceDeclContext*>(parent)) return fmt::format("the selector of `service{}`", nameOf(s->name()));
  if (dynamic_cast<P::LabelsDeclContext*>(parent) != nullptr) return "the `labels` selector";
  if (dynamic_cast<P::PodsPeerContext*>(parent) != nullptr) return "the `pods` selector";
  if (dynamic_cast<P::NamespacesPeerContext*>(parent) != nullptr || dynamic_cast<P::NsRefContext*>(parent) != nullptr) {
    return "the `namespaces` selector";
  }
  return "the selector";
}

// The `{` of `ctx` when it is read and its `}` is not, with the block named.
std::optional<std::pair<antlr4::Token*, std::string>> openBrace(antlr4::ParserRuleContext* ctx) {
  auto open = [](antlr4::tree::TerminalNode* l, antlr4::tree::TerminalNode* r) {
    return l != nullptr && r == nullptr ? l->getSymbol() : nullptr;
  };
  if (auto* n = dynamic_cast<P::NamespaceDeclContext*>(ctx)) {
    if (auto* b = open(n->LBRACE(), n->RBRACE())) return std::pair{b, fmt::format("`namespace{}`", nameOf(n->name()))};
  } else if (auto* e = dynamic_cast<P::ExternalNamespaceDeclContext*>(ctx)) {
    if (auto* b = open(e->LBRACE(), e->RBRACE())) {
      return std::pair{b, fmt::format("`external namespace{}`", nameOf(e->name()))};
    }
  } else if (auto* u = dynamic_cast<P::BundleDeclContext*>(ctx)) {
    if (auto* b = open(u->LBRACE(), u->RBRACE())) return std::pair{b, fmt::format("`bundle{}`", nameOf(u->name()))};
  } else if (auto* s = dynamic_cast<P::SelectorContext*>(ctx)) {
    if (auto* b = open(s->LBRACE(), s->RBRACE())) return std::pair{b, selectorOwner(s->parent)};
  }
  return std::nullopt;
}

// The context under `ctx` that holds the token `t` as a child.
antlr4::ParserRuleContext* ownerOf(antlr4::ParserRuleContext* ctx, const antlr4::Token* t) {
  for (auto* child : ctx->children) {
    if (auto* leaf = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      if (leaf->getSymbol() == t) return ctx;
    } else if (auto* sub = dynamic_cast<antlr4::ParserRuleContext*>(child)) {
      if (sub->getStart() != nullptr && sub->getStart()->getTokenIndex() <= t->getTokenIndex()) {
        if (auto* found = ownerOf(sub, t)) return found;
      }
    }
  }
  return nullptr;
}

// `block` is open at `last`; if `last` is a `}` on a line of its own, no
// further right than where `block` starts, and it closed an inner block that
// opened on an earlier line, that inner block lost its own `}`.
std::optional<UnclosedBlock> misclosed(antlr4::TokenStream& tokens, antlr4::ParserRuleContext* block,
                                       const std::string& blockName, antlr4::Token* last) {
  if (last->getType() != gen::NplLexer::RBRACE) return std::nullopt;
  antlr4::Token* before = previousToken(tokens, last);
  if (before == nullptr || before->getLine() >= last->getLine()) return std::nullopt;
  if (last->getCharPositionInLine() > block->getStart()->getCharPositionInLine()) return std::nullopt;
  auto* inner = ownerOf(block, last);
  if (inner == nullptr || inner == block) return std::nullopt;
  // Ask for the inner block as if its `}` were still to come.
  const auto name = [&]() -> std::optional<std::pair<antlr4::Token*, std::string>> {
    if (auto* s = dynamic_cast<P::SelectorContext*>(inner)) {
      if (s->LBRACE() != nullptr) return std::pair{s->LBRACE()->getSymbol(), selectorOwner(s->parent)};
    }
    return std::nullopt;
  }();
  if (!name || name->first->getLine() >= last->getLine()) return std::nullopt;
  return UnclosedBlock{name->first, before, name->second, true, last, blockName};
}

}  // namespace

std::optional<UnclosedBlock> findUnclosedBlock(antlr4::Parser& parser, antlr4::Token* bad) {
  if (bad->getType() == gen::NplLexer::RBRACE) return std::nullopt;
  if (!parser.getExpectedTokens().contains(static_cast<std::size_t>(gen::NplLexer::RBRACE))) return std::nullopt;
  antlr4::Token* last = previousToken(*parser.getTokenStream(), bad);
  if (last == nullptr || (bad->getType() != antlr4::Token::EOF && bad->getLine() <= last->getLine())) return std::nullopt;
  for (auto* ctx = parser.getContext(); ctx != nullptr; ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    if (auto brace = openBrace(ctx)) {
      if (auto inner = misclosed(*parser.getTokenStream(), ctx, brace->second, last)) return inner;
      return UnclosedBlock{brace->first, last, brace->second, dynamic_cast<P::SelectorContext*>(ctx) != nullptr,
                           nullptr, ""};
    }
  }
  return std::nullopt;
}

}  // namespace nplc::syntax
