#pragma once
// Where sources may come from (docs/language.md, "Files and imports"): every
// file nplc reads as a source resolves, after symbolic links, inside one of
// the project roots, and is a regular file named *.npl. A pull request's
// `use "/proc/self/environ"` or `use "../../etc/passwd"` is refused before
// anything is read, so that no diagnostic can echo a file outside the project.
#include <filesystem>
#include <string>
#include <vector>

namespace nplc::source {

struct Root {
  std::filesystem::path folder;  // canonical
  std::string why;               // "the repository's top level", ...
};

// The project root of one path given on the command line: the repository's
// top level (the nearest ancestor folder holding .git), else the folder given
// (for a file, its folder). nplc.yaml's folder is added by the driver
// (driver/project_file.h).
Root projectRoot(const std::filesystem::path& commandLinePath);

class Roots {
 public:
  // `folder` is canonicalized; an empty one is ignored.
  void add(const std::filesystem::path& folder, std::string why);
  // `canonical` (already resolved) is one of the roots or below one.
  bool contains(const std::filesystem::path& canonical) const;
  const std::vector<Root>& all() const { return roots_; }

 private:
  std::vector<Root> roots_;
};

// Only these are read as sources.
bool hasNplExtension(const std::filesystem::path& p);

// "the repository's top level (../..)": the roots for a message, each shown
// relative to the working directory (the same on every machine).
std::string describeRoots(const Roots& roots);

}  // namespace nplc::source
