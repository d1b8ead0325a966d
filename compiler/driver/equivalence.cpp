// Cross-target equivalence, run by check and build when two or more policy
// targets are built (eval/equivalence.h): the differences the language
// defines are listed with --verbose; any other is an internal error naming
// the pair, both verdicts and the source lines behind them.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/connection_judge.h"
#include "driver/effective_access.h"
#include "eval/equivalence.h"
#include "eval/judges.h"
#include "eval/reasons.h"
#include "util/check.h"

namespace nplc::driver {

namespace {

// A target's verdict and its deciding lines (eval/reasons.h), indented.
std::string verdictText(const Compilation& c, const eval::Difference& d, const std::string& target,
                        const eval::Verdict& v) {
  std::string out = fmt::format("  {}: {}\n", target, v.allowed() ? "allowed" : "denied");
  for (const auto& r : eval::reasonsFor(c.sm, *c.program, c.origins, target, v, d.from, d.to))
    out += "    " + locatedReason(c.sm, r) + "\n";
  return out;
}

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
  std::vector<eval::Difference> diffs;
  if (const auto shared = sharedJudges(c, names); !shared.empty()) {
    // The docs pages judged these very objects: their matrix is this one.
    const auto matrix = eval::selectTargets(c.docsJudgement->matrix, names);
    diffs = eval::compareTargets(*c.program, c.docsJudgement->judges->model, shared, c.origins, &matrix);
  } else {
    // Counted before the evaluators read every generated object back.
    const std::size_t ends = eval::matrixEnds(*c.program, eval::buildProgramCluster(*c.program)).ends.size();
    if (ends > eval::kMaxJudgedEnds) {
      std::cerr << fmt::format(
          "nplc: note: the targets were not compared (cross-target equivalence): the model of this program has {} "
          "ends, more than the {} whose every pair it judges\n",
          ends, eval::kMaxJudgedEnds);
      return;
    }
    const auto judges = eval::judgeTargets(*c.program, names, c.files);
    if (judges->targets.size() < 2) return;
    diffs = eval::compareTargets(*c.program, judges->model, judges->targets, c.origins);
  }
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
                   verdictText(c, d, d.allows, d.allowing) + verdictText(c, d, d.denies, d.denying);
  }
  if (count == 0) return;
  throw util::InternalError(fmt::format(
      "internal error: the targets disagree on {} connection(s) the language does not let them differ on{}:\n{}",
      count, count > 20 ? " (the first 20)" : "", unexplained));
}

}  // namespace nplc::driver
