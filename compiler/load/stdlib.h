#pragma once
// The standard library: stdlib/*.npl, embedded into the binary at build time
// (cmake/embed_files.cmake).
#include <string>
#include <vector>

#include "util/embedded.h"

namespace nplc::load {

using StdlibModule = util::EmbeddedFile;  // name: "std/dns"

const std::vector<StdlibModule>& stdlibModules();

// Modules whose names are in scope without `use`.
inline const char* const kPreludeModule = "std/networks";

}  // namespace nplc::load
