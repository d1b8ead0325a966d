// `nplc query --matrix [NAMESPACE]`: the reachability matrix of the program
// as each policy target's generated objects allow it (eval/matrix.h), as a
// text table or JSON.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "driver/commands.h"
#include "driver/compile.h"
#include "eval/judges.h"

namespace nplc::driver {

namespace {

void printText(std::ostream& out, const backends::AccessMatrix& m) {
  std::vector<std::vector<std::string>> rows = {{"FROM", "TO"}};
  for (const auto& t : m.targets) rows[0].push_back(t);
  for (const auto& c : m.cells) {
    std::vector<std::string> row = {m.ends[c.from].label(), m.ends[c.to].label()};
    for (const auto& a : c.allowed) row.push_back(a.str());
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) line += i + 1 < r.size() ? fmt::format("{:<{}}  ", r[i], width[i]) : r[i];
    out << line << "\n";
  }
  if (m.cells.empty()) out << "(nothing is allowed)\n";
}

void printJson(std::ostream& out, const backends::AccessMatrix& m) {
  using Json = nlohmann::ordered_json;
  Json cells = Json::array();
  for (const auto& c : m.cells) {
    Json allowed = Json::object();
    for (std::size_t t = 0; t < m.targets.size(); ++t) {
      Json ports = Json::object();
      for (const auto& [protocol, ranges] : c.allowed[t].ranges) {
        Json list = Json::array();
        for (const auto& [first, last] : ranges) list.push_back(Json::array({first, last}));
        ports[protocol] = std::move(list);
      }
      allowed[m.targets[t]] = {{"ports", std::move(ports)}, {"text", c.allowed[t].str()}};
    }
    const auto end = [&](std::size_t i) {
      Json e = {{"name", m.ends[i].name}};
      if (!m.ends[i].note.empty()) e["note"] = m.ends[i].note;
      return e;
    };
    cells.push_back({{"from", end(c.from)}, {"to", end(c.to)}, {"allowed", std::move(allowed)}});
  }
  out << Json{{"targets", m.targets}, {"cells", std::move(cells)}}.dump(2) << "\n";
}

}  // namespace

int printMatrix(const Compilation& c, const QueryOptions& opts) {
  const model::Program& p = *c.program;
  std::optional<model::Index> ns;
  if (!opts.matrixNamespace.empty()) {
    const auto it = std::find_if(p.namespaces.begin(), p.namespaces.end(),
                                 [&](const model::Namespace& n) { return n.name == opts.matrixNamespace; });
    if (it == p.namespaces.end()) {
      std::vector<std::string> names;
      for (const auto& n : p.namespaces) names.push_back(n.name);
      std::cerr << fmt::format("nplc: error: --matrix {}: no such namespace in the program (namespaces: {})\n",
                               opts.matrixNamespace, fmt::join(names, ", "));
      return kUsageError;
    }
    ns = static_cast<model::Index>(it - p.namespaces.begin());
  }
  std::vector<std::string> targets;
  for (const auto& t : allTargets()) {
    if (opts.targets.count(t)) targets.push_back(t);
  }
  const auto judges = eval::judgeTargets(p, targets, c.files);
  if (judges->targets.empty()) {
    std::cerr << "nplc: error: --matrix needs a target that writes policies: --target kubernetes, cilium or both\n";
    return kUsageError;
  }
  const auto matrix = eval::computeMatrix(p, judges->model, judges->targets, ns);
  if (opts.common.format == "json")
    printJson(std::cout, matrix);
  else
    printText(std::cout, matrix);
  return kOk;
}

}  // namespace nplc::driver
