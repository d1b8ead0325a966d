#include "lsp/symbols.h"

namespace nplc::lsp {

namespace {

using Kind = Decl::Kind;

bool contains(source::Span s, std::uint32_t offset) { return s.valid() && s.begin <= offset && offset <= s.end; }

// Walks one file's AST looking for the name under the cursor.
class Finder {
 public:
  explicit Finder(std::uint32_t offset) : at_(offset) {}

  std::optional<Reference> run(const ast::File& f) {
    for (const auto& u : f.uses) {
      if (u.quoted && contains(u.span, at_)) return Reference{Reference::Kind::File, "", u.path, u.span, false};
    }
    for (const auto& ns : f.namespaces) {
      if (!contains(ns.span, at_)) continue;
      if (hit(ns.name, Reference::Kind::Namespace, "", true)) return found_;
      for (const auto& s : ns.services) {
        if (hit(s.name, Reference::Kind::Service, ns.name.text, true)) return found_;
      }
      for (const auto& b : ns.baselines) {
        if (b.service && hit(*b.service, Reference::Kind::Service, ns.name.text, false)) return found_;
      }
      for (const auto& a : ns.allows) {
        if (hit(a.bundle, Reference::Kind::Bundle, "", false)) return found_;
      }
      for (const auto& x : ns.externals) {
        if (external(x, ns.name.text)) return found_;
      }
      for (const auto& e : ns.edges) {
        if (edge(e, ns.name.text)) return found_;
      }
    }
    for (const auto& x : f.externals) {
      if (external(x, "")) return found_;
    }
    for (const auto& b : f.bundles) {
      if (!contains(b.span, at_)) continue;
      if (hit(b.name, Reference::Kind::Bundle, "", true)) return found_;
      for (const auto& e : b.edges) {
        if (edge(e, "")) return found_;
      }
    }
    return std::nullopt;
  }

 private:
  bool hit(const ast::Ident& id, Reference::Kind kind, const std::string& ns, bool declaration) {
    if (!contains(id.span, at_)) return false;
    found_ = Reference{kind, ns, id.text, id.span, declaration};
    return true;
  }

  bool external(const ast::External& x, const std::string& ns) {
    if (!contains(x.span, at_)) return false;
    if (hit(x.name, Reference::Kind::External, ns, true)) return true;
    for (const auto* list : {&x.blocks, &x.excepts}) {
      for (const auto& c : *list) {
        if (c.isName && hit({c.text, c.span}, Reference::Kind::External, ns, false)) return true;
      }
    }
    return false;
  }

  bool edge(const ast::Edge& e, const std::string& ns) {
    if (!contains(e.span, at_)) return false;
    return peer(e.from, ns) || peer(e.to, ns);
  }

  bool peer(const ast::Peer& p, const std::string& ns) {
    using K = ast::Peer::Kind;
    switch (p.kind) {
      case K::Name:
        return hit(p.name, Reference::Kind::Peer, ns, false);
      case K::Qualified:
        return hit(p.ns, Reference::Kind::Namespace, "", false) ||
               hit(p.name, Reference::Kind::Service, p.ns.text, false);
      case K::NamespacePods:
        return hit(p.ns, Reference::Kind::Namespace, "", false);
      case K::Pods:
        return p.nsRef == ast::Peer::NsRef::Named && hit(p.ns, Reference::Kind::Namespace, "", false);
      default:
        return false;
    }
  }

  std::uint32_t at_;
  Reference found_;
};

}  // namespace

SymbolIndex::SymbolIndex(const std::vector<ast::File>& files) {
  for (const auto& f : files) {
    for (const auto& ns : f.namespaces) {
      Decl d{Kind::Namespace, ns.name.text, "", ns.external, ns.name.span, ns.span, &ns};
      decls_.push_back(d);
      for (const auto& s : ns.services) {
        Decl sd{Kind::Service, s.name.text, ns.name.text, ns.external, s.name.span, s.span, &ns};
        sd.service = &s;
        decls_.push_back(sd);
      }
      for (const auto& x : ns.externals) {
        Decl xd{Kind::External, x.name.text, ns.name.text, ns.external, x.name.span, x.span, &ns};
        xd.external = &x;
        decls_.push_back(xd);
      }
    }
    for (const auto& x : f.externals) {
      Decl xd{Kind::External, x.name.text, "", false, x.name.span, x.span};
      xd.external = &x;
      decls_.push_back(xd);
    }
    for (const auto& b : f.bundles) {
      Decl bd{Kind::Bundle, b.name.text, "", false, b.name.span, b.span};
      bd.bundle = &b;
      decls_.push_back(bd);
    }
  }
}

std::vector<const Decl*> SymbolIndex::find(Kind kind, const std::string& ns, const std::string& name,
                                           bool anyNs) const {
  std::vector<const Decl*> out;
  for (const auto& d : decls_) {
    if (d.kind == kind && d.name == name && (anyNs || d.ns == ns)) out.push_back(&d);
  }
  return out;
}

std::vector<const Decl*> SymbolIndex::resolve(const Reference& ref) const {
  switch (ref.kind) {
    case Reference::Kind::Namespace:
      return find(Kind::Namespace, "", ref.name, false);
    case Reference::Kind::Service:
      return find(Kind::Service, ref.ns, ref.name, false);
    case Reference::Kind::Bundle:
      return find(Kind::Bundle, "", ref.name, false);
    case Reference::Kind::External: {
      auto local = ref.ns.empty() ? std::vector<const Decl*>{} : find(Kind::External, ref.ns, ref.name, false);
      return local.empty() ? find(Kind::External, "", ref.name, false) : local;
    }
    case Reference::Kind::Peer: {
      std::vector<const Decl*> out;
      if (!ref.ns.empty()) {
        out = find(Kind::Service, ref.ns, ref.name, false);
        for (const Decl* d : find(Kind::External, ref.ns, ref.name, false)) out.push_back(d);
      }
      if (out.empty()) out = find(Kind::External, "", ref.name, false);
      // In a bundle, a bare name resolves in each namespace that allows it.
      if (out.empty() && ref.ns.empty()) {
        out = find(Kind::Service, "", ref.name, true);
        for (const Decl* d : find(Kind::External, "", ref.name, true)) out.push_back(d);
      }
      return out;
    }
    case Reference::Kind::File:
      return {};
  }
  return {};
}

std::optional<Reference> referenceAt(const ast::File& file, std::uint32_t offset) { return Finder(offset).run(file); }

}  // namespace nplc::lsp
