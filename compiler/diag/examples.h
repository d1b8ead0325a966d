#pragma once
// One example program per catalog code, shown by `nplc explain CODE` and in
// the SARIF rules' help. The examples are compiler/diag/examples/CODE.npl,
// embedded at build time (cmake/embed_files.cmake); the suite compiles each
// and expects exactly its code (tests/tools/check_explain_examples.py).
#include <string_view>
#include <vector>

#include "util/embedded.h"

namespace nplc::diag {

// Every example, named by its code, sorted (generated).
const std::vector<util::EmbeddedFile>& exampleFiles();

// The example's text, or empty when the code has none.
std::string_view exampleFor(std::string_view code);

}  // namespace nplc::diag
