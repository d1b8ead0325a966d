#pragma once
// What a backend returns: files relative to the output folder. The driver
// writes them, atomically, only after every stage succeeded.
#include <map>
#include <string>

namespace nplc::backends {

// Sorted by path, so writing and listing are deterministic.
using OutputFiles = std::map<std::string, std::string>;

// What a backend may need to know about the build besides the model (only the
// documentation target does: it links its pages to the sources).
struct Options {
  std::string outDir;         // the output folder, as given on the command line
  std::string docsSourceUrl;  // --docs-source-url: link sources there instead of relative to the pages
};

}  // namespace nplc::backends
