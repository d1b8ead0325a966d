#pragma once
// The two sides of `nplc diff`: a folder, a git revision of the repository
// of the working folder (its tree read with `git archive` into a temporary
// folder, so the working tree and the index are never touched), or the
// working folder itself. Each is compiled in memory from its own folder, so
// that the paths it shows are relative to it and the same for the same
// file on both sides.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/compile.h"
#include "driver/diff.h"

namespace nplc::driver {

struct DiffSide {
  std::string label;  // as given ("origin/main", "old/"), or "working tree"
  std::unique_ptr<Compilation> c = std::make_unique<Compilation>();
  std::vector<std::string> targets;  // compiled, in the driver's order
};

// Compiles `given` ("" = the working folder) into `side`. On failure, says
// why on stderr (the side's diagnostics when it does not compile) and
// returns the exit code: 2, never a half-compared result.
std::optional<int> compileSide(const std::string& given, const DiffOptions& opts, DiffSide& side);

}  // namespace nplc::driver
