#include "driver/output_safety.h"

#include <fmt/format.h>

#include <filesystem>

namespace nplc::driver {

namespace fs = std::filesystem;

namespace {

// `inner` is `outer` or below it (both canonical, absolute).
bool within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

// The first symlink among the components of `rel` below `base` whose target
// is not inside the folder that holds it, as "LINK -> TARGET"; empty when
// none. Only what the user wrote is checked: for a relative -o, the folders
// above the working directory are not (a symlinked home is not the output's
// business).
std::string escapingSymlink(const fs::path& base, const fs::path& rel) {
  std::error_code ec;
  fs::path prefix = base;
  for (const auto& part : rel) {
    prefix /= part;
    if (!fs::is_symlink(fs::symlink_status(prefix, ec))) continue;
    const fs::path target = fs::weakly_canonical(prefix, ec);
    const fs::path holder = fs::weakly_canonical(prefix.parent_path(), ec);
    if (ec || !within(target, holder)) return fmt::format("{} -> {}", prefix.generic_string(), target.generic_string());
  }
  return {};
}

}  // namespace

std::optional<std::string> checkOutputFolder(const std::string& outDir, const std::vector<std::string>& paths) {
  std::error_code ec;
  if (outDir.empty()) return "the output folder (-o) is empty";
  const fs::path lexical = fs::absolute(outDir, ec).lexically_normal();
  const fs::path out = fs::weakly_canonical(lexical, ec);
  if (ec) return fmt::format("cannot resolve the output folder '{}': {}", outDir, ec.message());
  if (out == out.root_path()) {
    return fmt::format("refusing to write into '{}' (the root folder): choose an output folder", outDir);
  }
  if (fs::exists(out, ec) && !fs::is_directory(out, ec)) {
    return fmt::format("the output folder '{}' exists and is not a folder", outDir);
  }
  const fs::path written(outDir);
  const fs::path base = written.is_absolute() ? written.root_path() : fs::current_path(ec);
  const fs::path rel = (written.is_absolute() ? written.relative_path() : written).lexically_normal();
  if (const auto link = escapingSymlink(base, rel); !link.empty()) {
    return fmt::format(
        "refusing to write into '{}': it goes through the symlink {}, which leaves its folder; "
        "give the real path if that is where the output belongs",
        outDir, link);
  }
  for (const auto& p : paths) {
    const fs::path src = fs::weakly_canonical(fs::absolute(p, ec), ec);
    if (ec) continue;  // reported by the compiler as a missing input
    const bool isDir = fs::is_directory(src, ec);
    const fs::path folder = isDir ? src : src.parent_path();
    std::string why;
    // An output folder inside a source folder is where people keep generated
    // manifests: compile() never reads sources from it (collectInputs).
    if (out == folder)
      why = isDir ? "is the source folder" : "is the folder of the source";
    else if (within(src, out))
      why = "contains the source";
    if (!why.empty()) {
      return fmt::format(
          "refusing to write into '{}': it {} '{}'; write the output into a folder of its own (e.g. -o out)", outDir,
          why, p);
    }
  }
  return std::nullopt;
}

}  // namespace nplc::driver
