#pragma once
// The reachability matrix the docs target shows on its namespace pages.
#include "backends/access_matrix.h"
#include "backends/backend.h"

namespace nplc::driver {

// Judged on every policy target's objects: those in `built` (this run's) and,
// for a policy target not built, its objects generated in memory (what it
// reports is not this run's; a target that refuses the program is left out).
backends::AccessMatrix docsAccess(const backends::BackendInput& in, const backends::OutputFiles& built);

}  // namespace nplc::driver
