#pragma once
// nplc.yaml, the project file (docs/project-file.md): what `nplc build` with
// no arguments builds, and the settings `check` and `lsp` share with it. Its
// keys mirror the long command-line flags; a flag given on the command line
// wins over its key.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "driver/commands.h"
#include "source/source_manager.h"

namespace nplc::driver {

inline constexpr const char* kProjectFileName = "nplc.yaml";

// What a project file says; a key it does not name stays unset. Paths are
// made relative to the working directory, as if given on the command line.
struct ProjectFile {
  std::filesystem::path folder;  // the file's folder, canonical: sources may come from anywhere below it
  std::optional<std::vector<std::string>> sources;
  std::optional<std::string> output;
  std::optional<std::vector<std::string>> targets, podCidrs, serviceCidrs, warnings;
  std::optional<bool> ciliumDenyRules;
};

struct ProjectLoad {
  std::optional<ProjectFile> project;  // unset when there are errors
  source::SourceManager sm;            // the file's text, for the errors' snippets
  std::vector<diag::Diagnostic> errors;
};

// The nearest nplc.yaml from `start` up: `start` itself, then each parent,
// stopping after the repository's top level (a folder holding .git), so that
// a repository is never configured by a file outside it, or after `/`.
std::optional<std::filesystem::path> findProjectFile(const std::filesystem::path& start);

// Reads and checks `file` (an absolute path). `cwd`: what paths are made
// relative to (for the user's eyes: `../policies` from a subfolder).
ProjectLoad loadProjectFile(const std::filesystem::path& file, const std::filesystem::path& cwd);
// The same checks on text said to be the content of `file`.
ProjectLoad parseProjectFile(const std::string& text, const std::filesystem::path& file,
                             const std::filesystem::path& cwd);

// The options given on the command line, which the file does not override
// (-W flags are not listed: the file's come first, the command line's after,
// so that these win).
struct GivenOnCommandLine {
  bool paths = false, output = false, targets = false, podCidrs = false, serviceCidrs = false;
};

// Fills in what the command line did not give. `outDir` is null for check.
void applyProjectFile(const ProjectFile& project, const GivenOnCommandLine& given, CommonOptions& common,
                      std::string* outDir, std::vector<std::string>& targets);

// build and check: reads the nearest nplc.yaml from the working directory up
// into what the command line did not give. With no paths on the command line,
// nplc then works from the file's folder (the paths of -o and --allow-root
// given are rebased), so that what it prints and writes, the source
// annotations too, is the same from any folder below. An exit code when the
// file is invalid (its errors printed).
std::optional<int> useProjectFile(const GivenOnCommandLine& given, CommonOptions& common, std::string* outDir,
                                  std::vector<std::string>& targets);

// nplc init: writes ./nplc.yaml with comments, refusing to replace one.
int runInit();

}  // namespace nplc::driver
