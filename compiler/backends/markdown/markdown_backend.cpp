#include "backends/markdown/markdown_backend.h"

#include "backends/markdown/pages.h"

namespace nplc::backends::markdown {

OutputFiles generate(const BackendInput& in) {
  std::vector<diag::Diagnostic> warnings;
  for (const auto& d : in.analysis) {
    if (d.severity == diag::Severity::Warning) warnings.push_back(d);
  }
  const model::Program& program = in.program;
  const View view(in.sm, program, in.options, std::move(warnings), in.access);
  OutputFiles files;
  files[std::string(kIndexDir) + "/index.md"] = indexPage(view);
  for (model::Index ns : view.namespacesByName()) {
    files[std::string(kNamespaceDir) + "/" + namespacePageName(program, ns)] = namespacePage(view, ns);
  }
  return files;
}

}  // namespace nplc::backends::markdown
