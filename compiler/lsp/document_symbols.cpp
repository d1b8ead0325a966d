#include "lsp/document_symbols.h"

#include "diag/diagnostic.h"
#include "lsp/positions.h"
#include "lsp/render.h"
#include "source/source_manager.h"
#include "syntax/parser.h"

namespace nplc::lsp {

namespace {

// LSP SymbolKind values.
enum SymbolKind {
  kFile = 1,
  kModule = 2,
  kNamespace = 3,
  kPackage = 4,
  kClass = 5,
  kProperty = 7,
  kConstant = 14,
  kEvent = 24
};

class Outline {
 public:
  Outline(const source::SourceManager& sm, const std::string& text) : sm_(sm), index_(text, false) {}

  Json symbol(const std::string& name, const std::string& detail, SymbolKind kind, source::Span range,
              source::Span selection, Json children = Json::array()) const {
    return {{"name", name.empty() ? std::string("?") : name},
            {"detail", detail},
            {"kind", kind},
            {"range", toJson(index_.range(range.begin, range.end))},
            {"selectionRange", toJson(index_.range(selection.begin, selection.end))},
            {"children", std::move(children)}};
  }

  // Source text on one line: runs of blanks, line ends and comments become one space.
  std::string oneLine(source::Span span) const {
    const std::string_view text = sm_.text(span);
    std::string out;
    bool comment = false;
    for (const char c : text) {
      if (c == '#') comment = true;
      if (c == '\n' || c == '\r') comment = false;
      if (comment || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!out.empty() && out.back() != ' ') out += ' ';
        continue;
      }
      out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  Json edges(const std::vector<ast::Edge>& list) const {
    Json out = Json::array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const ast::Edge& e = list[i];
      // A list form's edges share their statement's span: one symbol for it.
      if (i > 0 && list[i - 1].span.begin == e.span.begin) continue;
      out.push_back(symbol(oneLine(e.span), e.deny ? "deny intent" : "edge", kEvent, e.span, e.span));
    }
    return out;
  }

  Json external(const ast::External& x) const {
    return symbol(x.name.text, "external", kConstant, x.span, x.name.span);
  }

  Json ns(const ast::Namespace& n) const {
    Json children = Json::array();
    for (const auto& l : n.labels)
      children.push_back(symbol("labels", selectorText(l.selector, false), kProperty, l.span, l.span));
    for (const auto& s : n.services) {
      const std::string detail = s.selector ? selectorText(*s.selector, false) : ast::selectorKeyOf(n) + "=" + s.name.text;
      children.push_back(symbol(s.name.text, detail, kClass, s.span, s.name.span));
    }
    for (const auto& b : n.baselines)
      children.push_back(symbol(oneLine(b.span), "baseline", kProperty, b.span, b.span));
    for (const auto& a : n.allows)
      children.push_back(symbol(oneLine(a.span), "bundle", kProperty, a.span, a.bundle.span));
    for (const auto& x : n.externals) children.push_back(external(x));
    for (auto& e : edges(n.edges)) children.push_back(std::move(e));
    return symbol(n.name.text, n.external ? "external namespace" : "namespace", kNamespace, n.span, n.name.span,
                  std::move(children));
  }

 private:
  const source::SourceManager& sm_;
  LineIndex index_;
};

}  // namespace

Json documentSymbols(const Document& doc) {
  source::SourceManager sm;
  const source::FileId id = sm.add(doc.path, doc.text);
  diag::Sink sink;
  const auto file = syntax::parseFile(sm, id, sink);
  Json out = Json::array();
  if (!file) return out;
  const Outline o(sm, doc.text);
  // In source order: the outline follows the file.
  std::vector<std::pair<std::uint32_t, Json>> items;
  for (const auto& u : file->uses)
    items.emplace_back(u.span.begin, o.symbol(o.oneLine(u.span), "", kPackage, u.span, u.span));
  for (const auto& n : file->namespaces) items.emplace_back(n.span.begin, o.ns(n));
  for (const auto& x : file->externals) items.emplace_back(x.span.begin, o.external(x));
  for (const auto& b : file->bundles) {
    items.emplace_back(b.span.begin, o.symbol(b.name.text, "bundle", kModule, b.span, b.name.span, o.edges(b.edges)));
  }
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [at, sym] : items) out.push_back(std::move(sym));
  return out;
}

}  // namespace nplc::lsp
