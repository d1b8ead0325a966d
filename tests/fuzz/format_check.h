#pragma once
// The formatter's invariants on one fuzz input (issue 24): every file that
// parses formats, formatting it again changes nothing, formatting a range and
// then the whole gives what formatting the whole gives, and when the program
// compiled, the formatted program compiles to the same policies (kubernetes/,
// cilium/: byte for byte but the source lines their annotations name) and the
// same diagnostic codes.
#include <string_view>
#include <vector>

#include "driver/compile.h"
#include "load/loader.h"

namespace nplc::fuzz {

// `compiled`: the compilation of `inputs` with every target. Calls `fail`
// (which does not return) with what broke.
void checkFormatting(const std::vector<load::MemoryFile>& inputs, const driver::Compilation& compiled,
                     void (*fail)(const std::string& what, std::string_view data), std::string_view data);

}  // namespace nplc::fuzz
