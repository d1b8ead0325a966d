#pragma once
// What a program declares (namespaces, services, externals, bundles) and what
// a name written somewhere refers to, read from the ASTs of one compilation.
// Hover, go to definition and completion work from this even when the
// program has errors that stop the compiler before its model exists. Names
// resolve as docs/language.md says: a bare name in a namespace is one of its
// services or externals, then a global external; ns/name is a service of ns.
#include <optional>
#include <string>
#include <vector>

#include "syntax/ast.h"

namespace nplc::lsp {

struct Decl {
  enum class Kind { Namespace, Service, External, Bundle };
  Kind kind = Kind::Namespace;
  std::string name;
  std::string ns;             // Service, and External declared inside a namespace
  bool inExternalNs = false;  // an `external namespace` or something declared in one
  source::Span nameSpan, span;
  const ast::Namespace* nsAst = nullptr;  // Namespace, and the block of a Service/External
  const ast::Service* service = nullptr;
  const ast::External* external = nullptr;
  const ast::Bundle* bundle = nullptr;
};

// A name written in the source, and what kind of thing it must be.
struct Reference {
  enum class Kind { Namespace, Service, Peer, External, Bundle, File };
  Kind kind = Kind::Peer;
  std::string ns;    // Service: its namespace; Peer/External: where it is written ("" in a bundle or at top level)
  std::string name;  // File: the path as written in `use "..."`
  source::Span span;
  bool declaration = false;  // the name of a declaration itself
};

class SymbolIndex {
 public:
  SymbolIndex() = default;
  explicit SymbolIndex(const std::vector<ast::File>& files);

  const std::vector<Decl>& decls() const { return decls_; }
  // The declarations a reference may stand for (several when it is ambiguous
  // or a namespace declared in several blocks).
  std::vector<const Decl*> resolve(const Reference& ref) const;

 private:
  std::vector<const Decl*> find(Decl::Kind kind, const std::string& ns, const std::string& name, bool anyNs) const;
  std::vector<Decl> decls_;
};

// The name at byte `offset` of `file` (inclusive of the end: a cursor right
// after a name is on it).
std::optional<Reference> referenceAt(const ast::File& file, std::uint32_t offset);

}  // namespace nplc::lsp
