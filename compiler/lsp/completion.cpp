#include "lsp/completion.h"

#include <set>

#include "analysis/well_known.h"
#include "lsp/positions.h"
#include "load/stdlib.h"
#include "syntax/tokens.h"

namespace nplc::lsp {

namespace {

// LSP CompletionItemKind values.
enum ItemKind { kFunction = 3, kClass = 7, kModule = 9, kValue = 12, kKeyword = 14, kConstant = 21 };


bool isWord(const std::string& kind) {
  static const std::set<std::string> kWords = {"IDENT",  "DIGIT_WORD", "USE",    "NAMESPACE", "EXTERNAL", "SERVICE",
                                               "LABELS", "DENY_ALL",   "DENY",   "BASELINE",  "INGRESS",  "EGRESS",
                                               "ALLOW",  "BUNDLE",     "EXCEPT", "DNS",       "ENTITY",   "ANY",
                                               "PODS",   "NAMESPACES", "IN",     "NOTIN",     "PORTS",    "EXPECT",
                                               "ALLOWED", "DENIED",    "ON"};
  return kWords.count(kind) != 0;
}

struct Block {
  enum Kind { Namespace, ExternalNamespace, Bundle, Selector } kind;
  std::string name;
};

class Items {
 public:
  void add(const std::string& label, ItemKind kind, const std::string& detail, const std::string& insert = {}) {
    if (label.empty() || !seen_.insert(label).second) return;
    Json item = {{"label", label}, {"kind", kind}, {"detail", detail}};
    if (!insert.empty()) {
      item["insertText"] = insert;
      // `ns/` goes on with the services of ns.
      item["command"] = {{"title", "services"}, {"command", "editor.action.triggerSuggest"}};
    }
    items_.push_back(std::move(item));
  }
  void keywords(std::initializer_list<const char*> words) {
    for (const char* w : words) add(w, kKeyword, "keyword");
  }
  Json take() { return {{"isIncomplete", false}, {"items", std::move(items_)}}; }

 private:
  std::set<std::string> seen_;
  Json items_ = Json::array();
};

class Completer {
 public:
  Completer(const Analysis& a, const std::vector<Decl>& lastDecls, bool docParsed) {
    for (const auto& d : a.index.decls()) decls_.push_back(&d);
    if (!docParsed) {
      for (const auto& d : lastDecls) decls_.push_back(&d);
    }
  }

  void services(Items& out, const std::string& ns) const {
    for (const Decl* d : decls_) {
      if (d->kind == Decl::Kind::Service && d->ns == ns) out.add(d->name, kClass, "service in " + ns);
    }
  }
  void externals(Items& out, const std::string& ns) const {
    for (const Decl* d : decls_) {
      if (d->kind != Decl::Kind::External) continue;
      if (!ns.empty() && d->ns == ns) out.add(d->name, kConstant, "external in " + ns);
    }
    for (const Decl* d : decls_) {
      if (d->kind == Decl::Kind::External && d->ns.empty()) out.add(d->name, kConstant, "external");
    }
  }
  void namespaces(Items& out, bool qualify) const {
    for (const Decl* d : decls_) {
      if (d->kind != Decl::Kind::Namespace) continue;
      out.add(d->name, kModule, d->inExternalNs ? "external namespace" : "namespace", qualify ? d->name + "/" : "");
    }
  }
  void bundles(Items& out) const {
    for (const Decl* d : decls_) {
      if (d->kind == Decl::Kind::Bundle) out.add(d->name, kFunction, "bundle");
    }
  }
  void peers(Items& out, const std::string& ns) const {
    if (!ns.empty()) services(out, ns);
    externals(out, ns);
    namespaces(out, true);
    out.add("*", kKeyword, ns.empty() ? "every pod of the namespace that allows the bundle" : "every pod of " + ns);
    out.keywords({"any", "pods", "namespaces", "entity"});
  }

 private:
  std::vector<const Decl*> decls_;
};

}  // namespace

Json completion(const Document& doc, const Analysis& a, const std::vector<Decl>& lastDecls, Position pos) {
  const std::uint32_t offset = LineIndex(doc.text, false).offset(pos);
  const auto tokens = syntax::tokenize(doc.text);
  Items out;
  std::vector<const syntax::Token*> before;
  std::vector<Block> blocks;
  for (const auto& t : tokens) {
    if (t.begin >= offset) break;
    // In a comment or a string, nothing to complete.
    if ((t.kind == "COMMENT" && offset <= t.end) || (t.kind == "STRING" && offset < t.end)) return out.take();
    if (t.kind == "COMMENT") continue;
    // The word being typed is not context.
    if (t.end >= offset && isWord(t.kind)) break;
    const auto n = before.size();
    if (t.kind == "LBRACE") {
      if (n >= 2 && before[n - 2]->kind == "NAMESPACE") {
        const bool ext = n >= 3 && before[n - 3]->kind == "EXTERNAL";
        blocks.push_back({ext ? Block::ExternalNamespace : Block::Namespace, before[n - 1]->text});
      } else if (n >= 2 && before[n - 2]->kind == "BUNDLE") {
        blocks.push_back({Block::Bundle, before[n - 1]->text});
      } else {
        blocks.push_back({Block::Selector, ""});
      }
    } else if (t.kind == "RBRACE" && !blocks.empty()) {
      blocks.pop_back();
    }
    before.push_back(&t);
  }
  const Completer names(a, lastDecls, a.astOf(doc.path) != nullptr);
  const std::string p1 = before.empty() ? "" : before.back()->kind;
  const std::string p2 = before.size() < 2 ? "" : before[before.size() - 2]->kind;
  const Block* block = blocks.empty() ? nullptr : &blocks.back();
  const std::string ns = block != nullptr && block->kind == Block::Namespace ? block->name : "";

  if (block != nullptr && block->kind == Block::Selector) return out.take();
  if (p1 == "USE") {
    for (const auto& m : load::stdlibModules()) {
      if (m.name != load::kPreludeModule) out.add(m.name, kModule, "standard module");
    }
  } else if (p1 == "SLASH" && before.size() >= 3 && before[before.size() - 3]->kind == "USE") {
    for (const auto& m : load::stdlibModules()) {
      if (m.name != load::kPreludeModule) out.add(m.name.substr(m.name.find('/') + 1), kModule, "standard module");
    }
  } else if (p1 == "SLASH" && isWord(p2)) {
    names.services(out, before[before.size() - 2]->text);
    out.add("*", kKeyword, "every pod of " + before[before.size() - 2]->text);
  } else if (p1 == "ALLOW") {
    names.bundles(out);
  } else if (p1 == "DENY_ALL" || ((p1 == "INGRESS" || p1 == "EGRESS") && p2 == "DENY_ALL")) {
    if (p1 == "DENY_ALL") out.keywords({"ingress", "egress"});
    out.keywords({"baseline"});
    names.services(out, ns);
  } else if (p1 == "ENTITY") {
    for (const char* e : analysis::kCiliumEntities) out.add(e, kValue, "Cilium entity");
  } else if (p1 == "IN") {
    names.namespaces(out, false);
    out.keywords({"namespaces"});
    out.add("*", kKeyword, "every namespace");
  } else if (p1 == "ASSIGN") {
    names.externals(out, ns);
    out.keywords({"dns", "entity"});
  } else if (p1 == "EXCEPT") {
    names.externals(out, ns);
  } else if (p1 == "ARROW" || p1 == "DENY" || p1 == "EXPECT") {
    names.peers(out, ns);
  } else if (p1 == "EXTERNAL" && block == nullptr) {
    out.keywords({"namespace"});
  } else if (p1 == "SERVICE" || p1 == "NAMESPACE" || p1 == "BUNDLE" || p1 == "EXTERNAL" || p1 == "LABELS" ||
             p1 == "COLON" || p1 == "COMMA" || p1 == "SLASH" || p1 == "DNS" || p1 == "PODS" || p1 == "NAMESPACES") {
    // A new name, a port, a selector or a list: nothing to offer.
  } else if (block == nullptr) {
    out.keywords({"use", "namespace", "external", "bundle", "expect"});
  } else if (block->kind == Block::ExternalNamespace) {
    out.keywords({"service", "labels", "selector-key"});
  } else if (block->kind == Block::Bundle) {
    out.keywords({"ingress", "egress"});
    names.peers(out, "");
  } else {
    out.keywords({"service", "labels", "selector-key", "deny-all", "deny", "allow", "external", "ingress", "egress", "expect"});
    names.peers(out, ns);
  }
  return out.take();
}

}  // namespace nplc::lsp
