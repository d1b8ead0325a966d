#pragma once
// The pages of the docs target (markdown_backend.cpp puts them together).
#include <string>

#include "backends/markdown/docs_view.h"

namespace nplc::backends::markdown {

inline constexpr const char* kIndexDir = "docs";
inline constexpr const char* kNamespaceDir = "docs/namespaces";

// Past these sizes the index draws namespaces only, and a namespace page
// leaves its diagram out (its tables say everything): larger flowcharts are
// unreadable, and Mermaid refuses very large ones.
inline constexpr std::size_t kIndexMaxNodes = 40, kIndexMaxArrows = 80;
inline constexpr std::size_t kPageMaxNodes = 80, kPageMaxArrows = 160;

std::string indexPage(const View& v);
std::string namespacePage(const View& v, model::Index ns);

// "namespaces/NAME.md" from the index, "NAME.md" from a namespace page.
std::string namespacePageName(const model::Program& p, model::Index ns);

}  // namespace nplc::backends::markdown
