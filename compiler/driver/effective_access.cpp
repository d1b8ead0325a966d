#include "driver/effective_access.h"

#include <fmt/format.h>

#include <algorithm>

#include "driver/targets.h"
#include "eval/judges.h"

namespace nplc::driver {

backends::AccessMatrix docsAccess(const backends::BackendInput& in, const backends::OutputFiles& built) {
  // Every pair of ends is judged: past eval::kMaxJudgedEnds, the pages would
  // take minutes to build and pages of rows to read. The model alone says so,
  // before any target's objects are generated and read back (on a 100k-line
  // mesh that reading took 20 s, all of it for a section left out).
  constexpr std::size_t kMaxEnds = eval::kMaxJudgedEnds;
  eval::ProgramCluster model = eval::buildProgramCluster(in.program);
  const std::size_t ends = eval::matrixEnds(in.program, model).ends.size();
  if (ends > kMaxEnds) {
    backends::AccessMatrix none;
    none.omitted = fmt::format(
        "Left out: the model of this program has {} ends, more than the {} the docs judge every pair of; `nplc "
        "query --matrix NAMESPACE` prints this namespace's.",
        ends, kMaxEnds);
    return none;
  }
  backends::OutputFiles files = built;
  std::vector<std::string> names;
  // The Cilium target built without cluster-network-policy carries the
  // cluster-scope blocks itself: the page judges what was built, no layer.
  const bool ownBlocks = !in.program.clusterRules.empty() && !in.options.clusterTier;
  for (const auto& t : targets()) {
    const bool layer = t.name == std::string_view(eval::kClusterTier);  // judged with the others' objects
    if (!eval::hasEvaluator(t.name) && !layer) continue;                // writes no policy objects
    const std::string prefix = std::string(t.name) + "/";
    const bool isBuilt = std::any_of(built.begin(), built.end(),
                                     [&](const auto& f) { return f.first.rfind(prefix, 0) == 0; });
    if (!isBuilt && ownBlocks) continue;
    if (!isBuilt) {
      diag::Sink scratch;
      const backends::BackendInput quiet{in.sm, in.program, in.options, in.analysis, scratch};
      auto generated = t.generate(quiet);
      if (scratch.hasErrors()) continue;
      files.insert(generated.begin(), generated.end());
    }
    if (!layer) names.emplace_back(t.name);
  }
  const auto judges = eval::judgeTargets(std::move(model), names, files);
  return eval::computeMatrix(in.program, judges->model, judges->targets);
}

}  // namespace nplc::driver
