// libFuzzer target over the whole pipeline, in memory: parse, resolve, check,
// every backend. Built only with -DNPLC_FUZZ=ON (clang); see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nplc::fuzz::runOne(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
