#pragma once
// One compilation of a program exactly as `nplc check` runs it (same stages,
// same diagnostics), reading editor buffers instead of files where the editor
// has them, plus what the editor features need from it.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "driver/commands.h"
#include "driver/compile.h"
#include "lsp/symbols.h"
#include "source/overlay.h"

namespace nplc::lsp {

// What `nplc check` would read from nplc.yaml (driver/project_file.h) for a
// program: the targets whose checks run, the ranges, the -W flags. Its
// `sources` and `output` do not matter here: a program is the document's
// folder. A file with errors leaves the defaults, and its errors are shown.
struct ProjectSettings {
  std::set<std::string> targets = {"kubernetes"};
  driver::CommonOptions options;
  std::vector<std::string> errors;  // "nplc.yaml:3:1: unknown key 'taget'\nhelp: ..."
};

// The settings of the nearest nplc.yaml from `path` (a folder, or a file's
// folder) up; one that `mayRead` refuses (outside the workspace) is not read.
ProjectSettings projectSettingsFor(const std::string& path, const std::function<bool(const std::string&)>& mayRead);

struct Analysis {
  driver::Compilation c;
  SymbolIndex index;                                 // points into c.asts: an Analysis never moves
  std::map<std::string, source::FileId> fileByPath;  // every file of the program but std/ modules
  std::string internalError;                         // the compiler threw: a bug in nplc, shown to the user
  std::vector<std::string> projectErrors;            // nplc.yaml's, shown with the program's diagnostics
  std::set<std::string> targets;                     // those compiled (the hover's verdicts judge their objects)

  const ast::File* astOf(const std::string& path) const;
  bool contains(const std::string& path) const { return fileByPath.count(path) != 0; }
};

// `inputs` as given to `nplc check` (a folder, files). `roots`: the workspace
// folders, the only places sources are read from; none (a client that names
// no folder): the project root of each input, as `nplc check` finds it.
std::unique_ptr<Analysis> analyze(const std::vector<std::string>& inputs, const source::Overlay& overlay,
                                  const std::vector<std::string>& roots = {}, const ProjectSettings& settings = {});

}  // namespace nplc::lsp
