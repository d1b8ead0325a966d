#pragma once
// The reachability matrix the docs target shows on its namespace pages, and
// the evaluators it was judged with, which the same build's cross-target
// equivalence check and expectations reuse (reading the generated objects
// back and judging every pair is most of a small program's build).
#include <memory>
#include <string>
#include <vector>

#include "backends/access_matrix.h"
#include "backends/backend.h"
#include "eval/judges.h"

namespace nplc::driver {

struct Compilation;

struct DocsJudgement {
  backends::OutputFiles files;          // the objects the evaluators read
  std::unique_ptr<eval::Judges> judges;  // null when the matrix is omitted
  backends::AccessMatrix matrix;        // over judges->targets, or `omitted` says why not
};

// Judged on every policy target's objects: those in `built` (this run's) and,
// for a policy target not built, its objects generated in memory (what it
// reports is not this run's; a target that refuses the program is left out).
std::shared_ptr<const DocsJudgement> docsAccess(const backends::BackendInput& in, const backends::OutputFiles& built);

// The docs judgement's evaluators of `targets`, in that order, when each of
// them read exactly c.files' objects of its target and of the cluster tier
// (byte for byte: a target built after the docs, or generated for the pages
// only, is not this build's); empty when any one did not.
std::vector<eval::JudgedTarget> sharedJudges(const Compilation& c, const std::vector<std::string>& targets);

}  // namespace nplc::driver
