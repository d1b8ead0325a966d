#pragma once
// Mermaid flowcharts of the dependency graph. Node and box ids are generated
// (n1, g1, ...), never taken from names, so no name can clash with Mermaid's
// syntax or keywords (`end`, `graph`, dashes, dots, slashes); names appear only
// inside double-quoted labels, escaped by mermaidString().
#include <string>
#include <string_view>

#include "backends/graph/dependency_graph.h"
#include "model/model.h"

namespace nplc::backends::markdown {

// Text to go between the double quotes of a Mermaid label: '"', '#', '<',
// '>', '&' and '`' become Mermaid entity codes (#quot; #35; #lt; #gt; #amp; #96;).
std::string mermaidString(std::string_view s);

// The body of a ```mermaid block: `flowchart LR`, one subgraph per namespace
// box (external namespaces dashed), nodes shaped by kind, one arrow per
// graph arrow (dotted when it stands only for bundle edges).
std::string flowchart(const model::Program& p, const graph::Graph& g);

// The legend of the shapes, one Markdown bullet each; `namespaceView` adds the
// namespace-level view's.
std::vector<std::string> legend(bool namespaceView);

}  // namespace nplc::backends::markdown
