#include "source/project_root.h"

namespace nplc::source {

namespace fs = std::filesystem;

Root projectRoot(const fs::path& commandLinePath) {
  std::error_code ec;
  const fs::path abs = fs::absolute(commandLinePath, ec).lexically_normal();
  fs::path folder = fs::is_directory(abs, ec) ? abs : abs.parent_path();
  if (folder.has_filename() == false && folder != folder.root_path()) folder = folder.parent_path();
  for (fs::path d = folder;; d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) return {fs::weakly_canonical(d, ec), "the repository's top level"};
    if (d == d.parent_path()) break;
  }
  return {fs::weakly_canonical(folder, ec), "the folder given on the command line"};
}

void Roots::add(const fs::path& folder, std::string why) {
  if (folder.empty()) return;
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(folder, ec), ec);
  if (canonical.empty()) return;
  // weakly_canonical keeps a trailing separator of "dir/": drop it.
  if (!canonical.has_filename() && canonical != canonical.root_path()) canonical = canonical.parent_path();
  for (const auto& r : roots_) {
    if (r.folder == canonical) return;
  }
  roots_.push_back({std::move(canonical), std::move(why)});
}

bool Roots::contains(const fs::path& canonical) const {
  for (const auto& r : roots_) {
    const fs::path rel = canonical.lexically_relative(r.folder);
    if (!rel.empty() && *rel.begin() != "..") return true;
  }
  return false;
}

bool hasNplExtension(const fs::path& p) { return p.extension() == ".npl"; }

std::string describeRoots(const Roots& roots) {
  std::error_code ec;
  const fs::path cwd = fs::weakly_canonical(fs::current_path(ec), ec);
  std::string out;
  for (const auto& r : roots.all()) {
    fs::path shown = r.folder.lexically_relative(cwd);
    if (shown.empty()) shown = r.folder;
    if (!out.empty()) out += ", ";
    out += r.why + " (" + shown.generic_string() + ")";
  }
  return out.empty() ? "no folder" : out;
}

}  // namespace nplc::source
