#pragma once
// `expect` statements against the objects each target generated: the
// program's cluster (eval/program_cluster.h) judged by each target's
// evaluator (eval/generated.h). A failed expectation is E0310 at the
// `expect`, with the deciding source lines (eval/reasons.h).
#include <set>
#include <string>
#include <vector>

#include "driver/compile.h"

namespace nplc::driver {

// The targets among `targets` whose objects an evaluator judges, in run order.
std::vector<std::string> judgedTargets(const std::set<std::string>& targets);

// Judges every expectation of `c.program` on each judged target it applies
// to (an expectation `on` other targets, or with an HTTP request on a target
// that does not judge HTTP, is not judged there); reports failures into
// c.sink. Needs c.files and c.origins from the generation of `targets`.
std::vector<ExpectResult> checkExpectations(Compilation& c, const std::set<std::string>& targets);

}  // namespace nplc::driver
