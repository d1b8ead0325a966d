#pragma once
// Pass 1: load the input files and everything they `use`, transitively, each
// once; std/ modules come from the embedded standard library.
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/overlay.h"
#include "source/project_root.h"
#include "source/source_manager.h"
#include "syntax/ast.h"

namespace nplc::load {

struct LoadResult {
  std::vector<ast::File> files;  // in a stable order: inputs first, then imports
  bool ioError = false;          // an input path could not be read (exit 2)
  std::vector<std::string> ioMessages;
};

// `inputs` are files (already expanded from directories by the driver). A file
// whose path is in `overlay` is read from there instead of the disk. Every
// file read from the disk, and every file a `use` names, must resolve inside
// `roots` and be named *.npl (source/project_root.h); an input that is not is
// an I/O error, a `use` that is not is E0007, E0008 or E0009. An input held
// in `overlay` (an editor's buffer, not read from the disk) needs neither.
LoadResult loadProgram(const std::vector<std::string>& inputs, source::SourceManager& sm, diag::Sink& sink,
                       const source::Roots& roots, const source::Overlay* overlay = nullptr);

// A file held in memory, for compiling text without a disk (the fuzzer, tests).
// `path` is virtual ("a.npl", "teams/b.npl"); `use "x.npl"` resolves against
// the other in-memory files the same way it does on disk, with the virtual
// folder "/" as the project root.
struct MemoryFile {
  std::string path;
  std::string text;
};
LoadResult loadProgramFromMemory(const std::vector<MemoryFile>& inputs, source::SourceManager& sm, diag::Sink& sink);

}  // namespace nplc::load
