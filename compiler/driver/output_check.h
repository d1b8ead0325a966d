#pragma once
// `nplc build --check`: compares the output folder with what the sources
// generate, for repositories that commit their generated policies. Writes
// nothing; lists each file that is missing, differs, or is not generated any
// more (every file below OUT/<target>/ except dotfiles), on stderr.
#include <set>
#include <string>
#include <vector>

#include "backends/output.h"

namespace nplc::driver {

struct OutputDifference {
  std::string path;  // relative to the output folder
  enum Kind { Missing, Differs, Stale } kind;
};

std::vector<OutputDifference> compareOutputs(const std::string& outDir, const backends::OutputFiles& files,
                                             const std::set<std::string>& targets);

// Prints the differences; returns 0 when there are none and 1 otherwise.
int checkOutputs(const std::string& outDir, const backends::OutputFiles& files, const std::set<std::string>& targets);

}  // namespace nplc::driver
