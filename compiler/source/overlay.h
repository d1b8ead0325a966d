#pragma once
// Texts that replace files on disk: the buffers an editor has open and not
// necessarily saved (`nplc lsp`). The loader reads a file from here when its
// path is a key. Keys are absolute paths as std::filesystem::weakly_canonical
// gives them, the form the loader uses for its own bookkeeping.
#include <map>
#include <string>

namespace nplc::source {

using Overlay = std::map<std::string, std::string>;

}  // namespace nplc::source
