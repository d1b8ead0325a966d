#pragma once
// Where a build may write: checked before anything is compiled, so that a
// mistyped -o never touches the sources or the system.
#include <optional>
#include <string>
#include <vector>

namespace nplc::driver {

// nullopt when `outDir` is a safe output folder for a build of `paths`;
// otherwise the error to print (the caller exits 2). Refused: `/`; an
// existing file; a folder that is a source folder, lies inside one or
// contains one (for a file given as input: its folder, or a folder that
// contains it); a path through a symlink that resolves outside the folder
// holding the symlink (for a relative path, only the components below the
// working directory are checked).
std::optional<std::string> checkOutputFolder(const std::string& outDir, const std::vector<std::string>& paths);

}  // namespace nplc::driver
