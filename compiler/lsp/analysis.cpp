#include "lsp/analysis.h"

#include <exception>

#include "util/check.h"

namespace nplc::lsp {

const ast::File* Analysis::astOf(const std::string& path) const {
  const auto it = fileByPath.find(path);
  if (it == fileByPath.end()) return nullptr;
  for (const auto& f : c.asts) {
    if (f.file == it->second) return &f;
  }
  return nullptr;
}

std::unique_ptr<Analysis> analyze(const std::vector<std::string>& inputs, const source::Overlay& overlay,
                                  const std::vector<std::string>& roots) {
  auto a = std::make_unique<Analysis>();
  if (!roots.empty()) {
    a->c.rootsFromPaths = false;
    for (const auto& r : roots) a->c.extraRoots.push_back({r, "a workspace folder"});
  }
  try {
    // As `nplc check` runs it: the lint checks and the default target.
    driver::compile(a->c, inputs, {"kubernetes"}, {}, &overlay);
  } catch (const util::InternalError& e) {
    a->internalError = e.what();
  } catch (const std::exception& e) {
    a->internalError = std::string("internal error: ") + e.what();
  }
  for (source::FileId id = 0; id < a->c.sm.size(); ++id) {
    const auto& f = a->c.sm.file(id);
    if (!f.isStdlib && !f.absolutePath.empty()) a->fileByPath.emplace(f.absolutePath, id);
  }
  a->index = SymbolIndex(a->c.asts);
  return a;
}

}  // namespace nplc::lsp
