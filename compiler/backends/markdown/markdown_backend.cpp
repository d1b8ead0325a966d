#include "backends/markdown/markdown_backend.h"

#include "backends/markdown/pages.h"

namespace nplc::backends::markdown {

OutputFiles generate(const Options& opts, const source::SourceManager& sm, const model::Program& program,
                     diag::Sink& sink) {
  std::vector<diag::Diagnostic> warnings;
  for (auto& d : sink.sorted()) {
    if (d.severity == diag::Severity::Warning) warnings.push_back(std::move(d));
  }
  const View view(sm, program, opts, std::move(warnings));
  OutputFiles files;
  files[std::string(kIndexDir) + "/index.md"] = indexPage(view);
  for (model::Index ns : view.namespacesByName()) {
    files[std::string(kNamespaceDir) + "/" + namespacePageName(program, ns)] = namespacePage(view, ns);
  }
  return files;
}

}  // namespace nplc::backends::markdown
