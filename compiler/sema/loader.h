#pragma once
// Pass 1: load the input files and everything they `use`, transitively, each
// once; std/ modules come from the embedded standard library.
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/overlay.h"
#include "source/source_manager.h"
#include "syntax/ast.h"

namespace nplc::sema {

struct LoadResult {
  std::vector<ast::File> files;  // in a stable order: inputs first, then imports
  bool ioError = false;          // an input path could not be read (exit 2)
  std::vector<std::string> ioMessages;
};

// `inputs` are files (already expanded from directories by the driver). A file
// whose path is in `overlay` is read from there instead of the disk.
LoadResult loadProgram(const std::vector<std::string>& inputs, source::SourceManager& sm, diag::Sink& sink,
                       const source::Overlay* overlay = nullptr);

// A file held in memory, for compiling text without a disk (the fuzzer, tests).
// `path` is virtual ("a.npl", "teams/b.npl"); `use "x.npl"` resolves against
// the other in-memory files the same way it does on disk.
struct MemoryFile {
  std::string path;
  std::string text;
};
LoadResult loadProgramFromMemory(const std::vector<MemoryFile>& inputs, source::SourceManager& sm, diag::Sink& sink);

}  // namespace nplc::sema
