// Cross-target equivalence, run by check and build when two or more policy
// targets are built (eval/equivalence.h): the differences the language
// defines are listed with --verbose; any other is an internal error naming
// the pair, both verdicts and the source lines behind them.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "driver/commands.h"
#include "driver/compile.h"
#include "eval/equivalence.h"
#include "eval/judges.h"
#include "util/check.h"

namespace nplc::driver {

namespace {

class Provenance {
 public:
  explicit Provenance(const Compilation& c) : c_(c) {}

  // "file:line" of a span.
  std::string at(source::Span s) const {
    if (!s.valid()) return "?";
    return fmt::format("{}:{}", c_.sm.file(s.file).path, c_.sm.lineCol(s.file, s.begin).line);
  }

  const model::Policy* policy(const eval::PolicyRef& ref) const {
    const auto& p = *c_.program;
    for (const auto& pol : p.policies) {
      if (pol.name == ref.name && p.namespaces[pol.ns].name == ref.ns) return &pol;
    }
    return nullptr;
  }

  // The plan policy's declaration, or its edges' lines in that direction
  // (model::Rule::edges -> Edge::span).
  std::string of(const eval::PolicyRef& ref, const std::string& section) const {
    const model::Policy* pol = policy(ref);
    if (!pol) return ref.str() + " (no policy of the plan has this name)";
    if (section.empty()) return ref.str() + " (" + at(pol->span) + ")";
    std::vector<std::string> lines;
    const bool ingress = section.rfind("ingress", 0) == 0;
    for (const auto& rule : ingress ? pol->ingressRules : pol->egressRules) {
      for (model::Index e : rule.edges) {
        const std::string line = at(c_.program->edges[e].span);
        if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
      }
    }
    return fmt::format("{} {} (edges at {})", ref.str(), section, lines.empty() ? "none" : fmt::format("{}", fmt::join(lines, ", ")));
  }

  std::string side(const char* what, const eval::SideVerdict& v) const {
    std::string out = fmt::format("    {}: {}", what, v.allowed ? "allowed" : "denied");
    if (!v.isolated) return out + ", not isolated\n";
    out += "\n";
    for (const auto& p : v.isolatedBy) out += "      isolated by " + of(p, "") + "\n";
    for (const auto& r : v.allowedBy) out += "      allowed by " + of(r.policy, r.section) + "\n";
    for (const auto& r : v.deniedBy) out += "      denied by " + of(r.policy, r.section) + "\n";
    return out;
  }

  std::string verdict(const std::string& target, const eval::Verdict& v) const {
    return fmt::format("  {}: {}\n", target, v.allowed() ? "allowed" : "denied") + side("egress at the source", v.egress) +
           side("ingress at the destination", v.ingress);
  }

 private:
  const Compilation& c_;
};

std::string connection(const eval::Difference& d) {
  return fmt::format("{} -> {} port {}/{}{}", d.from, d.to, d.port, d.protocol,
                     d.http ? fmt::format(" ({} {})", eval::kProbeRequest.method, eval::kProbeRequest.path) : "");
}

}  // namespace

void checkEquivalence(const Compilation& c, const std::set<std::string>& targets, bool verbose) {
  std::vector<std::string> names;
  for (const auto& t : allTargets()) {
    if (targets.count(t) && eval::hasEvaluator(t)) names.push_back(t);
  }
  if (names.size() < 2) return;  // before building the model: a large program pays nothing
  const auto judges = eval::judgeTargets(*c.program, names, c.files);
  if (judges->targets.size() < 2) return;
  const auto diffs = eval::compareTargets(*c.program, judges->model, judges->targets);
  const Provenance prov(c);
  std::string unexplained;
  std::size_t count = 0;
  for (const auto& d : diffs) {
    if (!d.explanation.empty()) {
      if (verbose)
        std::cerr << fmt::format("nplc: note: {} allows {}, {} does not: {}\n", d.allows, connection(d), d.denies,
                                 d.explanation);
      continue;
    }
    if (++count > 20) continue;  // the first ones say enough
    unexplained += fmt::format("{} allows {}, {} does not\n", d.allows, connection(d), d.denies) +
                   prov.verdict(d.allows, d.allowing) + prov.verdict(d.denies, d.denying);
  }
  if (count == 0) return;
  throw util::InternalError(fmt::format(
      "internal error: the targets disagree on {} connection(s) the language does not let them differ on{}:\n{}",
      count, count > 20 ? " (the first 20)" : "", unexplained));
}

}  // namespace nplc::driver
