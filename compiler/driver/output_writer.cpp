#include "driver/output_writer.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace nplc::driver {

namespace fs = std::filesystem;

namespace {

const char* const kManifestHeader = "# Files written by nplc; it removes them when they are no longer generated.";

std::set<std::string> readManifest(const fs::path& path) {
  std::set<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // Never follow an entry out of the folder.
    if (line.find("..") != std::string::npos || line[0] == '/') continue;
    out.insert(line);
  }
  return out;
}

bool readAll(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

bool writeAll(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

std::string topFolder(const std::string& rel) { return rel.substr(0, rel.find('/')); }

}  // namespace

WriteResult writeOutputs(const std::string& outDirText, const backends::OutputFiles& files,
                         const std::set<std::string>& targets) {
  WriteResult res;
  const fs::path outDir(outDirText);
  std::error_code ec;
  if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec)) {
    res.ok = false;
    res.errors.push_back(fmt::format("{}: output path exists and is not a folder", outDirText));
    return res;
  }
  const fs::path manifestPath = outDir / kManifestName;
  const std::set<std::string> previous = readManifest(manifestPath);

  // Refuse to overwrite a file that nplc did not write.
  for (const auto& [rel, text] : files) {
    const fs::path p = outDir / rel;
    if (fs::exists(fs::symlink_status(p, ec)) && previous.count(rel) == 0) {
      res.errors.push_back(fmt::format("{}: exists and was not written by nplc; refusing to overwrite it",
                                       p.generic_string()));
    }
  }
  if (!res.errors.empty()) {
    res.ok = false;
    return res;
  }

  // Stage every changed file under a temporary name, then rename them all.
  std::vector<std::pair<fs::path, fs::path>> staged;
  auto cleanup = [&] {
    for (const auto& [tmp, _] : staged) fs::remove(tmp, ec);
  };
  for (const auto& [rel, text] : files) {
    const fs::path p = outDir / rel;
    std::string old;
    if (readAll(p, old) && old == text) {
      ++res.unchanged;
      continue;
    }
    fs::create_directories(p.parent_path(), ec);
    const fs::path tmp = p.parent_path() / ("." + p.filename().string() + ".nplc-tmp");
    if (ec || !writeAll(tmp, text)) {
      res.errors.push_back(fmt::format("{}: cannot write", tmp.generic_string()));
      staged.push_back({tmp, p});
      cleanup();
      res.ok = false;
      return res;
    }
    staged.push_back({tmp, p});
  }
  std::set<std::string> manifest;
  for (const auto& rel : previous) {
    if (targets.count(topFolder(rel)) == 0) manifest.insert(rel);
  }
  for (const auto& [rel, _] : files) manifest.insert(rel);
  std::string manifestText = std::string(kManifestHeader) + "\n";
  for (const auto& rel : manifest) manifestText += rel + "\n";
  const fs::path manifestTmp = outDir / (std::string(kManifestName) + ".nplc-tmp");
  fs::create_directories(outDir, ec);
  if (!writeAll(manifestTmp, manifestText)) {
    res.errors.push_back(fmt::format("{}: cannot write", manifestTmp.generic_string()));
    cleanup();
    res.ok = false;
    return res;
  }
  for (const auto& [tmp, dest] : staged) {
    fs::rename(tmp, dest, ec);
    if (ec) {
      res.errors.push_back(fmt::format("{}: cannot rename into place: {}", dest.generic_string(), ec.message()));
      res.ok = false;
    } else {
      ++res.written;
    }
  }
  fs::rename(manifestTmp, manifestPath, ec);
  // Prune what an earlier build wrote for these targets and this one did not.
  for (const auto& rel : previous) {
    if (targets.count(topFolder(rel)) == 0 || files.count(rel) != 0) continue;
    const fs::path p = outDir / rel;
    if (fs::is_regular_file(fs::symlink_status(p, ec)) && fs::remove(p, ec)) {
      ++res.removed;
      // Drop folders this left empty, up to the output folder.
      for (fs::path dir = p.parent_path(); dir != outDir && fs::is_empty(dir, ec); dir = dir.parent_path()) {
        fs::remove(dir, ec);
      }
    }
  }
  return res;
}

}  // namespace nplc::driver
