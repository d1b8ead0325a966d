#include "driver/effective_access.h"

#include <fmt/format.h>

#include <algorithm>

#include "driver/compile.h"
#include "driver/targets.h"
#include "eval/generated.h"

namespace nplc::driver {

std::shared_ptr<const DocsJudgement> docsAccess(const backends::BackendInput& in, const backends::OutputFiles& built) {
  auto out = std::make_shared<DocsJudgement>();
  // Every pair of ends is judged: past eval::kMaxJudgedEnds, the pages would
  // take minutes to build and pages of rows to read. The model alone says so,
  // before any target's objects are generated and read back (on a 100k-line
  // mesh that reading took 20 s, all of it for a section left out).
  constexpr std::size_t kMaxEnds = eval::kMaxJudgedEnds;
  eval::ProgramCluster model = eval::buildProgramCluster(in.program);
  const std::size_t ends = eval::matrixEnds(in.program, model).ends.size();
  if (ends > kMaxEnds) {
    out->matrix.omitted = fmt::format(
        "Left out: the model of this program has {} ends, more than the {} the docs judge every pair of; `nplc "
        "query --matrix NAMESPACE` prints this namespace's.",
        ends, kMaxEnds);
    return out;
  }
  backends::OutputFiles& files = out->files;
  files = built;
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
  out->judges = eval::judgeTargets(std::move(model), names, files);
  out->matrix = eval::computeMatrix(in.program, out->judges->model, out->judges->targets);
  return out;
}

namespace {

// The objects of `target` the evaluators read (eval::isObjectFile), the same
// in both, byte for byte.
bool sameObjects(const backends::OutputFiles& a, const backends::OutputFiles& b, const std::string& target) {
  const auto objects = [&](const backends::OutputFiles& files) {
    std::vector<const backends::OutputFiles::value_type*> out;
    for (auto it = files.lower_bound(target + "/"); it != files.end() && it->first.starts_with(target + "/"); ++it) {
      if (eval::isObjectFile(target, it->first)) out.push_back(&*it);
    }
    return out;
  };
  const auto inA = objects(a), inB = objects(b);
  return std::equal(inA.begin(), inA.end(), inB.begin(), inB.end(), [](const auto* x, const auto* y) { return *x == *y; });
}

}  // namespace

std::vector<eval::JudgedTarget> sharedJudges(const Compilation& c, const std::vector<std::string>& targets) {
  std::vector<eval::JudgedTarget> out;
  if (!c.docsJudgement || !c.docsJudgement->judges) return out;
  const DocsJudgement& d = *c.docsJudgement;
  if (!sameObjects(d.files, c.files, eval::kClusterTier)) return {};
  for (const auto& t : targets) {
    const auto it = std::find_if(d.judges->targets.begin(), d.judges->targets.end(),
                                 [&](const eval::JudgedTarget& j) { return j.first == t; });
    if (it == d.judges->targets.end() || !sameObjects(d.files, c.files, t)) return {};
    out.push_back(*it);
  }
  return out;
}

}  // namespace nplc::driver
