#include "lsp/definition.h"

#include <filesystem>

#include "lsp/positions.h"

namespace nplc::lsp {

Json definition(const Document& doc, const Analysis& a, Locator& loc, Position pos) {
  const ast::File* ast = a.astOf(doc.path);
  if (ast == nullptr) return nullptr;
  const LineIndex index(doc.text, false);
  const auto ref = referenceAt(*ast, index.offset(pos));
  if (!ref) return nullptr;
  Json out = Json::array();
  if (ref->kind == Reference::Kind::File) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const std::string target = fs::weakly_canonical(fs::path(doc.path).parent_path() / ref->name, ec).string();
    if (a.contains(target)) out.push_back(location(loc.uriOf(target), Range{}));
    return out.empty() ? Json(nullptr) : out;
  }
  for (const Decl* d : a.index.resolve(*ref)) {
    if (auto where = loc.location(d->nameSpan)) out.push_back(*where);
  }
  return out.empty() ? Json(nullptr) : out;
}

}  // namespace nplc::lsp
