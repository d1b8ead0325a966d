#pragma once
// What a backend returns: files relative to the output folder. The driver
// writes them, atomically, only after every stage succeeded.
#include <map>
#include <string>

namespace nplc::backends {

// Sorted by path, so writing and listing are deterministic.
using OutputFiles = std::map<std::string, std::string>;

}  // namespace nplc::backends
