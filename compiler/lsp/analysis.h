#pragma once
// One compilation of a program exactly as `nplc check` runs it (same stages,
// same diagnostics), reading editor buffers instead of files where the editor
// has them, plus what the editor features need from it.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "driver/compile.h"
#include "lsp/symbols.h"
#include "source/overlay.h"

namespace nplc::lsp {

struct Analysis {
  driver::Compilation c;
  SymbolIndex index;                                 // points into c.asts: an Analysis never moves
  std::map<std::string, source::FileId> fileByPath;  // every file of the program but std/ modules
  std::string internalError;                         // the compiler threw: a bug in nplc, shown to the user

  const ast::File* astOf(const std::string& path) const;
  bool contains(const std::string& path) const { return fileByPath.count(path) != 0; }
};

// `inputs` as given to `nplc check` (a folder, files). `roots`: the workspace
// folders, the only places sources are read from; none (a client that names
// no folder): the project root of each input, as `nplc check` finds it.
std::unique_ptr<Analysis> analyze(const std::vector<std::string>& inputs, const source::Overlay& overlay,
                                  const std::vector<std::string>& roots = {});

}  // namespace nplc::lsp
