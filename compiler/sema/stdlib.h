#pragma once
// The standard library: stdlib/*.npl, embedded into the binary at build time
// (cmake/embed_stdlib.cmake).
#include <string>
#include <vector>

namespace nplc::sema {

struct StdlibModule {
  std::string name;  // "std/dns"
  std::string text;
};

const std::vector<StdlibModule>& stdlibModules();

// Modules whose names are in scope without `use`.
inline const char* const kPreludeModule = "std/networks";

}  // namespace nplc::sema
