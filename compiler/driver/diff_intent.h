#pragma once
// The intents of two sides compared (diff_intent.cpp).
#include <vector>

#include "driver/diff.h"
#include "driver/diff_sides.h"

namespace nplc::driver {

// Added, removed and changed intents; widening first, then by kind and key.
std::vector<IntentChange> diffIntent(const DiffSide& before, const DiffSide& after);

}  // namespace nplc::driver
