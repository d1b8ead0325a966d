#pragma once
// A program's cluster model and the evaluators of the policy targets it was
// built for: what the matrix, `nplc query` and the equivalence check judge.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "backends/output.h"
#include "eval/generated.h"
#include "eval/matrix.h"
#include "eval/program_cluster.h"
#include "model/model.h"

namespace nplc::eval {

struct Judges {
  ProgramCluster model;
  std::vector<std::unique_ptr<TargetEvaluator>> owned;
  std::vector<JudgedTarget> targets;  // in the order given, only those that write policy objects
};

// `targets` in the driver's order; those without an evaluator (docs, dot)
// are skipped. Throws PolicyError for an object an evaluator cannot read.
std::unique_ptr<Judges> judgeTargets(const model::Program& program, const std::vector<std::string>& targets,
                                     const backends::OutputFiles& files);
// The same over a model the caller built already (buildProgramCluster).
std::unique_ptr<Judges> judgeTargets(ProgramCluster model, const std::vector<std::string>& targets,
                                     const backends::OutputFiles& files);

}  // namespace nplc::eval
