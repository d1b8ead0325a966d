#pragma once
// The order of stages, shared by every command: load and parse, analyze,
// generate. Nothing is written here.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "diag/diagnostic.h"
#include "lint/lint.h"
#include "model/model.h"
#include "load/loader.h"
#include "source/overlay.h"
#include "source/project_root.h"
#include "source/source_manager.h"
#include "syntax/ast.h"

namespace nplc::driver {

enum ExitCode { kOk = 0, kInputErrors = 1, kUsageError = 2 };

// One expectation judged on one target (driver/expectations.h).
struct ExpectResult {
  std::size_t expect = 0;  // index in Program::expects
  std::string target;
  bool passed = false;
  std::string failure;  // what was found, and the deciding lines, one a line (for JUnit)
};

struct DocsJudgement;  // driver/effective_access.h

struct Compilation {
  source::SourceManager sm;
  diag::Sink sink;
  std::vector<ast::File> asts;  // every file that parsed, inputs first (for nplc lsp)
  // Set before compile(): the namespaces' edges of `asts` are released once
  // resolved into the model (445 MB of the 1M-line bench check's 2.0 GB peak
  // resident memory). For build and check; the language server keeps them.
  bool releaseEdgeSyntax = false;
  std::optional<model::Program> program;
  backends::OutputFiles files;
  backends::RuleOrigins origins;  // where each generated rule comes from (expectations' reasons)
  std::vector<ExpectResult> expectResults;  // one per expectation and target judged
  // The evaluators and matrix of the docs pages, when built: the equivalence
  // check and the expectations reuse them (sharedJudges).
  std::shared_ptr<const DocsJudgement> docsJudgement;
  std::vector<std::string> ioErrors;  // exit 2
  lint::Options lintOptions;          // set before compile()
  std::vector<std::string> warningFlags;  // -W, set before compile(): the docs target lists what is shown
  // Where sources may come from (source/project_root.h): the project root of
  // each path compiled, and these folders too (--allow-root). nplc lsp clears
  // rootsFromPaths and lists its workspace folders instead.
  std::vector<source::Root> extraRoots;
  bool rootsFromPaths = true;
  bool judgeExpectations = true;  // false: nplc query, which answers its own connections
};

// Expands folders into their .npl files (recursively, sorted), skipping output
// folders (`outDir`, and any holding a .nplc-manifest); a missing path
// is an I/O error unless `overlay` has it (an editor buffer not saved yet).
std::vector<std::string> collectInputs(const std::vector<std::string>& paths, std::vector<std::string>& ioErrors,
                                       const source::Overlay* overlay = nullptr, const std::string& outDir = "");

// `overlay`: editor buffers read instead of the files on disk (nplc lsp).
void compile(Compilation& c, const std::vector<std::string>& paths, const std::set<std::string>& targets,
             const backends::TargetOptions& options = {}, const source::Overlay* overlay = nullptr);

// The same stages over files held in memory (see load::MemoryFile): for the
// fuzzer and tests that compile text. Inputs are taken in sorted path order.
void compileMemory(Compilation& c, std::vector<load::MemoryFile> inputs, const std::set<std::string>& targets,
                   const backends::TargetOptions& options = {});

// Every target compile() knows, in the order they run.
const std::vector<std::string>& allTargets();

}  // namespace nplc::driver
