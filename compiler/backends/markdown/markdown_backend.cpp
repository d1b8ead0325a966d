#include "backends/markdown/markdown_backend.h"

#include "backends/markdown/pages.h"
#include "util/threads.h"

namespace nplc::backends::markdown {

OutputFiles generate(const BackendInput& in) {
  if (!in.options.render) return {};  // the pages report nothing: without their text, nothing to do
  std::vector<diag::Diagnostic> warnings;
  for (const auto& d : in.analysis) {
    if (d.severity == diag::Severity::Warning) warnings.push_back(d);
  }
  const model::Program& program = in.program;
  const View view(in.sm, program, in.options, std::move(warnings), in.access);
  OutputFiles files;
  files[std::string(kIndexDir) + "/index.md"] = indexPage(view);
  // The pages only read the view: many are written on one thread per core.
  const std::vector<model::Index> namespaces = view.namespacesByName();
  std::vector<std::string> pages(namespaces.size());
  util::forEachIndex(namespaces.size(), 64, [&](std::size_t i) { pages[i] = namespacePage(view, namespaces[i]); });
  for (std::size_t i = 0; i < namespaces.size(); ++i) {
    files[std::string(kNamespaceDir) + "/" + namespacePageName(program, namespaces[i])] = std::move(pages[i]);
  }
  return files;
}

}  // namespace nplc::backends::markdown
