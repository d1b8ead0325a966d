#include "backends/markdown/mermaid.h"

#include <fmt/format.h>

#include "backends/markdown/markdown_text.h"

namespace nplc::backends::markdown {

using graph::NodeKind;

std::string mermaidString(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '#':
        out += "#35;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '&':
        out += "#amp;";
        break;
      case '`':
        out += "#96;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string shape(NodeKind kind, const std::string& label) {
  const std::string q = "\"" + mermaidString(label) + "\"";
  switch (kind) {
    case NodeKind::Service:
      return "(" + q + ")";  // rounded box
    case NodeKind::EveryPod:
      return "([" + q + "])";  // stadium
    case NodeKind::Selector:
      return "[/" + q + "\\]";  // trapezoid
    case NodeKind::Cidr:
      return "[/" + q + "/]";  // parallelogram
    case NodeKind::Fqdn:
      return "{{" + q + "}}";  // hexagon
    case NodeKind::Entity:
      return ">" + q + "]";  // flag
    case NodeKind::Any:
      return "((" + q + "))";  // circle
    case NodeKind::Namespace:
      return "[" + q + "]";  // box
    case NodeKind::Outside:
      return "[\\" + q + "\\]";  // parallelogram, leaning left
  }
  return "[" + q + "]";
}

}  // namespace

std::string flowchart(const model::Program& p, const graph::Graph& g) {
  std::string out = "flowchart LR\n";
  auto node = [&](std::size_t i, const char* indent) {
    out += fmt::format("{}n{}{}\n", indent, i + 1, shape(g.nodes[i].kind, g.nodes[i].label));
  };
  for (std::size_t b = 0; b < g.boxes.size(); ++b) {
    const model::Namespace& ns = p.namespaces[g.boxes[b]];
    const std::string title = ns.external ? ns.name + " (external namespace)" : ns.name;
    out += fmt::format("  subgraph g{}[\"{}\"]\n", b + 1, mermaidString(title));
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
      if (g.nodes[i].ns == g.boxes[b]) node(i, "    ");
    }
    out += "  end\n";
  }
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    bool boxed = false;
    for (auto b : g.boxes) boxed = boxed || g.nodes[i].ns == b;
    if (!boxed) node(i, "  ");
  }
  for (const auto& a : g.arrows) {
    std::string label;
    for (const auto& l : a.labels) label += (label.empty() ? "" : "; ") + l;
    out += fmt::format("  n{} {}|\"{}\"| n{}\n", a.from + 1, a.onlyBundles ? "-.->" : "-->", mermaidString(label),
                       a.to + 1);
  }
  for (std::size_t b = 0; b < g.boxes.size(); ++b) {
    if (p.namespaces[g.boxes[b]].external) out += fmt::format("  style g{} stroke-dasharray: 5 5\n", b + 1);
  }
  return out;
}

std::vector<std::string> legend(bool namespaceView) {
  std::vector<std::string> out = {
      "rounded box: a service; stadium: every pod of a namespace (`*`); box around them: their namespace (dashed: an "
      "external namespace, where nplc generates nothing)",
      "trapezoid: pods or namespaces chosen by a selector; parallelogram: addresses (CIDR); hexagon: DNS names (Cilium "
      "only); flag: a Cilium entity; circle: `any`",
      "solid arrow: an edge, from the side that opens the connection, labelled with its ports and HTTP routes; dotted "
      "arrow: an edge that comes from a bundle (`allow NAME`)",
  };
  if (namespaceView) {
    out.push_back(
        "on this page, where the program is large, the index draws namespaces: a box is a namespace with its number of "
        "services and of edges inside it, an arrow counts the edges between two namespaces, and one node stands for "
        "everything outside them");
  }
  return out;
}

}  // namespace nplc::backends::markdown
