#pragma once
// The order of stages, shared by every command: load and parse, analyze,
// generate. Nothing is written here.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backends/output.h"
#include "diag/diagnostic.h"
#include "model/model.h"
#include "sema/loader.h"
#include "source/source_manager.h"

namespace nplc::driver {

enum ExitCode { kOk = 0, kInputErrors = 1, kUsageError = 2 };

struct Compilation {
  source::SourceManager sm;
  diag::Sink sink;
  std::optional<model::Program> program;
  backends::OutputFiles files;
  std::vector<std::string> ioErrors;  // exit 2
};

// Expands folders into their .npl files (recursively, sorted); a missing path
// is an I/O error.
std::vector<std::string> collectInputs(const std::vector<std::string>& paths, std::vector<std::string>& ioErrors);

void compile(Compilation& c, const std::vector<std::string>& paths, const std::set<std::string>& targets);

// The same stages over files held in memory (see sema::MemoryFile): for the
// fuzzer and tests that compile text. Inputs are taken in sorted path order.
void compileMemory(Compilation& c, std::vector<sema::MemoryFile> inputs, const std::set<std::string>& targets);

// Every target compile() knows, in the order they run.
const std::vector<std::string>& allTargets();

}  // namespace nplc::driver
