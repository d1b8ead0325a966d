#pragma once
// The access and the generated files of two sides compared (diff_access.cpp).
#include "driver/diff.h"
#include "driver/diff_sides.h"

namespace nplc::driver {

// Fills out.targets and out.access: per policy target both sides built,
// the connections whose allowed ports differ, widened first, each linked to
// the changes of out.intent (already filled) behind it.
void diffAccess(const DiffSide& before, const DiffSide& after, DiffResult& out);

// Fills the generated files added, removed and changed (names only).
void diffObjects(const DiffSide& before, const DiffSide& after, DiffResult& out);

}  // namespace nplc::driver
