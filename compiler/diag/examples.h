#pragma once
// One example program per catalog code, shown by `nplc explain CODE` and in
// the SARIF rules' help. The examples are compiler/diag/examples/CODE.npl,
// embedded at build time (cmake/embed_examples.cmake); the suite compiles each
// and expects exactly its code (tests/tools/check_explain_examples.py).
#include <string_view>

namespace nplc::diag {

// The example's text, or empty when the code has none.
std::string_view exampleFor(std::string_view code);

}  // namespace nplc::diag
