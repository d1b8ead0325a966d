#pragma once
// `nplc diff`'s output (diff_render.cpp).
#include <ostream>
#include <string>

#include "driver/diff.h"

namespace nplc::driver {

// `format`: text (`color`: ANSI colours), markdown or json.
void renderDiff(std::ostream& out, const DiffResult& r, const std::string& format, bool color);

}  // namespace nplc::driver
