#include "backends/markdown/cluster_blocks.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "analysis/well_known.h"
#include "backends/markdown/pages.h"
#include "backends/policy_yaml.h"

namespace nplc::backends::markdown {
namespace {

using K = model::Peer::Kind;
using CR = model::ClusterRule;
using model::Index;

// A statement as written, on one line.
std::string statementText(const View& v, source::Span span) { return spanOnOneLine(v.sources(), span); }

// The labels a declared namespace has, as far as the program says: its name
// label and the labels others select it by.
std::map<std::string, std::string> namespaceLabels(const model::Namespace& ns) {
  std::map<std::string, std::string> labels{{analysis::kNamespaceNameLabel, ns.name}};
  for (const auto& r : ns.selector.reqs)
    if (r.op == ast::ReqOp::Equals && !r.values.empty()) labels[r.key] = r.values.front();
  return labels;
}

bool matches(const model::LabelSelector& sel, const std::map<std::string, std::string>& labels) {
  for (const auto& r : sel.reqs) {
    const auto it = labels.find(r.key);
    const bool in = it != labels.end() && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
    switch (r.op) {
      case ast::ReqOp::Equals:
      case ast::ReqOp::In:
        if (!in) return false;
        break;
      case ast::ReqOp::NotIn:
        if (in) return false;
        break;
      case ast::ReqOp::Exists:
        if (it == labels.end()) return false;
        break;
      case ast::ReqOp::DoesNotExist:
        if (it != labels.end()) return false;
        break;
    }
  }
  return true;
}

// Whether `peer` (an end of a statement) may be pods of namespace `ns`.
bool reaches(const model::Program& p, const model::Peer& peer, Index ns) {
  switch (peer.kind) {
    case K::Service:
    case K::Pods:
    case K::NamespacePods:
      return peer.ns == ns;
    case K::AllPods:
      return true;
    case K::Namespaces:
    case K::PodsInNamespaces:
      return matches(peer.namespaces, namespaceLabels(p.namespaces[ns]));
    default:
      return false;
  }
}

const char* tierName(CR::Tier t) { return t == CR::Tier::Admin ? "guardrail (`admin`)" : "default (`baseline`)"; }

// The statements in source order, once each (keyed by their span), with the
// sides that may apply in `ns` (egress: its pods open the connection;
// ingress: they receive it); every statement when ns is kNone.
struct Row {
  const CR* rule = nullptr;
  bool egress = false, ingress = false;
};
std::vector<Row> rows(const model::Program& p, Index ns) {
  std::vector<Row> out;
  std::map<std::pair<source::FileId, std::uint32_t>, std::size_t> seen;
  for (const auto& r : p.clusterRules) {
    const bool egress = r.sides != ast::Sides::IngressOnly && (ns == model::kNone || reaches(p, r.from, ns));
    const bool ingress = r.sides != ast::Sides::EgressOnly && (ns == model::kNone || reaches(p, r.to, ns));
    if (!egress && !ingress && ns != model::kNone) continue;
    const auto key = std::make_pair(r.span.file, static_cast<std::uint32_t>(r.span.begin));
    if (auto it = seen.find(key); it != seen.end()) {
      out[it->second].egress |= egress;
      out[it->second].ingress |= ingress;
      continue;
    }
    seen[key] = out.size();
    out.push_back({&r, egress, ingress});
  }
  return out;
}

}  // namespace

void clusterBlocksIndex(Document& doc, const View& v) {
  const model::Program& p = v.program();
  if (p.clusterRules.empty()) return;
  doc.heading(2, "Cluster guardrails and defaults");
  doc.paragraph(
      "The `admin` and `baseline` blocks, for every namespace they name: a guardrail decides before the namespaces' "
      "policies and cannot be overridden by them; a default applies only to pods that no policy of their namespace "
      "selects for that direction. Within a block the first matching statement decides. Each namespace page lists "
      "the ones that may apply to its pods.");
  std::vector<std::vector<std::string>> table;
  for (const auto& row : rows(p, model::kNone)) {
    table.push_back({tierName(row.rule->tier), code(statementText(v, row.rule->span)),
                     v.sourceLink(row.rule->span, kIndexDir)});
  }
  doc.table({"kind", "statement", "source"}, table);
}

void clusterBlocksOfNamespace(Document& doc, const View& v, Index ns) {
  const model::Program& p = v.program();
  if (p.clusterRules.empty()) return;
  doc.heading(2, "Cluster guardrails and defaults");
  const auto found = rows(p, ns);
  if (found.empty()) {
    doc.paragraph(fmt::format("No `admin` or `baseline` statement applies to the pods of {}.", code(p.namespaces[ns].name)));
    return;
  }
  doc.paragraph(fmt::format(
      "The statements of the `admin` and `baseline` blocks that may apply to pods of {} (see {}): on their "
      "connections out (egress) or in (ingress). A default is used only where no policy of the namespace selects "
      "the pod for that direction.",
      code(p.namespaces[ns].name), link("the index", "../index.md#cluster-guardrails-and-defaults")));
  std::vector<std::vector<std::string>> table;
  for (const auto& row : found) {
    const std::string sides = row.egress && row.ingress ? "egress, ingress" : row.egress ? "egress" : "ingress";
    table.push_back({tierName(row.rule->tier), code(statementText(v, row.rule->span)), sides,
                     v.sourceLink(row.rule->span, kNamespaceDir)});
  }
  doc.table({"kind", "statement", "its pods' side", "source"}, table);
}

}  // namespace nplc::backends::markdown
