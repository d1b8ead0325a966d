#include "backends/markdown/effective_access.h"

#include <fmt/format.h>

namespace nplc::backends::markdown {

void effectiveAccess(Document& doc, const AccessMatrix& m, model::Index ns, const std::string& clusterBlocks) {
  if (!m.omitted.empty()) {
    doc.heading(2, "Effective access");
    doc.paragraph(m.omitted);
    return;
  }
  std::vector<const MatrixCell*> cells;
  for (const auto& c : m.cells) {
    if (m.ends[c.from].ns == ns || m.ends[c.to].ns == ns) cells.push_back(&c);
  }
  bool agree = true;
  for (const auto* c : cells) {
    for (const auto& a : c->allowed) agree = agree && a == c->allowed.front();
  }
  doc.heading(2, "Effective access");
  std::string targets;
  for (std::size_t i = 0; i < m.targets.size(); ++i)
    targets += (i == 0 ? "" : i + 1 == m.targets.size() ? " and " : ", ") + code(m.targets[i]);
  doc.paragraph(fmt::format(
      "What the generated policies of {}{} allow, as nplc's evaluators judge them in a model of the cluster: a pod "
      "per service, a pod of each namespace that no service selects ({}), a pod of a namespace nplc does not "
      "manage, and addresses inside, outside and excepted from each CIDR external, each DNS name and entity. "
      "Every pair with an end in this namespace that may connect is listed; any other pair may not. {}",
      targets,
      clusterBlocks.empty() ? "" : fmt::format(", each with the {} of the `admin` and `baseline` blocks,", clusterBlocks),
      code("(other pods)"),
      agree ? "The targets agree on every pair here." : "The targets differ here: one column each."));
  if (cells.empty()) {
    doc.paragraph("Nothing may connect to or from this namespace's pods.");
    return;
  }
  std::vector<std::string> header = {"from", "to"};
  if (agree) {
    header.push_back("allowed ports");
  } else {
    for (const auto& t : m.targets) header.push_back(code(t));
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto* c : cells) {
    std::vector<std::string> row = {code(m.ends[c->from].label()), code(m.ends[c->to].label())};
    for (std::size_t t = 0; t < (agree ? 1 : c->allowed.size()); ++t) row.push_back(text(c->allowed[t].str()));
    rows.push_back(std::move(row));
  }
  doc.table(header, rows);
}

}  // namespace nplc::backends::markdown
