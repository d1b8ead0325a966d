#include "driver/output_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "util/threads.h"

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

// The first component of `rel` below `root` that is a symlink (the file
// itself included), or empty: nplc never writes or deletes through one, so
// a link planted in the output folder cannot send it elsewhere.
fs::path symlinkOnPath(const fs::path& root, const std::string& rel) {
  std::error_code ec;
  fs::path p = root;
  for (const auto& part : fs::path(rel)) {
    p /= part;
    if (fs::is_symlink(fs::symlink_status(p, ec))) return p;
  }
  return {};
}

// symlinkOnPath for every file of a build, each folder on the way looked at
// once: an lstat per component per file was most of the system calls of a
// build of 47,755 files. Valid while the folder does not change (the checks
// before anything is written).
class SymlinkCheck {
 public:
  explicit SymlinkCheck(fs::path root) : root_(std::move(root)) {}

  // Whether `rel` is to be refused because a symlink is on its way (the
  // error is added to `errors`); `exists` says whether the file exists.
  bool refuses(const std::string& rel, bool& exists, std::vector<std::string>& errors) {
    const fs::path link = find(rel, exists);
    if (link.empty()) return false;
    errors.push_back(fmt::format("{}: is a symlink; nplc does not write through symlinks", link.generic_string()));
    return true;
  }

 private:
  // As symlinkOnPath; `exists` says whether the file itself exists.
  fs::path find(const std::string& rel, bool& exists) {
    std::error_code ec;
    exists = false;
    fs::path p = root_;
    const fs::path r(rel);
    for (auto it = r.begin(); it != r.end(); ++it) {
      p /= *it;
      if (std::next(it) == r.end()) {
        const auto st = fs::symlink_status(p, ec);
        exists = fs::exists(st);
        return fs::is_symlink(st) ? p : fs::path();
      }
      auto [known, fresh] = folders_.try_emplace(p.native(), Folder::Missing);
      if (fresh) {
        const auto st = fs::symlink_status(p, ec);
        known->second = fs::is_symlink(st) ? Folder::Symlink : fs::exists(st) ? Folder::Present : Folder::Missing;
      }
      if (known->second == Folder::Symlink) return p;
      if (known->second == Folder::Missing) return {};  // nothing below it exists
    }
    return {};
  }

  enum class Folder { Present, Missing, Symlink };
  fs::path root_;
  std::unordered_map<std::string, Folder> folders_;
};

std::string topFolder(const std::string& rel) { return rel.substr(0, rel.find('/')); }

// Drops the folders above `p` that are empty, up to `root`.
void removeEmptyParents(const fs::path& p, const fs::path& root) {
  std::error_code ec;
  for (fs::path dir = p.parent_path(); dir != root && dir.has_relative_path() && fs::is_empty(dir, ec);
       dir = dir.parent_path()) {
    if (!fs::remove(dir, ec)) break;
  }
}

// The temporary name of `p` beside it: `.NAME.nplc-tmp`.
fs::path temporaryName(const fs::path& p) { return p.parent_path() / ("." + p.filename().string() + ".nplc-tmp"); }

// All or nothing: files are staged under temporary names; commit moves each
// old file aside and the new one into place; any failure rolls every step
// back, so the folder ends exactly as it was. A folder that does not exist
// yet (a fresh build, a new namespace) is written whole under a temporary
// name and renamed into place as one: no temporary file and rename per file.
class Transaction {
 public:
  explicit Transaction(fs::path root) : root_(std::move(root)) {}

  // `mayExist` false: the caller saw that `dest` does not exist. The file
  // is written by commit().
  bool stage(const fs::path& dest, const std::string& text, std::vector<std::string>& errors, bool mayExist = true) {
    std::error_code ec;
    const fs::path folder = dest.parent_path();
    auto known = folders_.find(folder.native());
    if (known == folders_.end()) {
      // The highest folder on the way that does not exist: the new tree.
      fs::path top;
      for (fs::path dir = folder; !dir.empty() && !fs::exists(fs::symlink_status(dir, ec)); dir = dir.parent_path())
        top = dir;
      fs::path written = folder;  // where the folder's files are written
      if (!top.empty()) {
        auto tree = trees_.find(top.native());
        if (tree == trees_.end()) {
          const fs::path tmp = temporaryName(top);
          if (fs::exists(fs::symlink_status(tmp, ec))) return refuseTemporary(tmp, errors);
          tree = trees_.emplace(top.native(), Tree{top, tmp}).first;
          order_.push_back(top.native());
        }
        written = tree->second.tmp / folder.lexically_relative(top);
        if (!fs::create_directories(written, ec) && ec) {
          errors.push_back(fmt::format("{}: cannot create the folder", written.generic_string()));
          return false;
        }
        tree->second.made = true;
      }
      known = folders_.emplace(folder.native(), Placement{written, !top.empty()}).first;
    }
    if (known->second.inNewTree) {
      // Nothing can stand there: the folder is ours, made for this build.
      steps_.push_back({known->second.written / dest.filename(), dest, {}, &text, false, false, true});
      return true;
    }
    const fs::path tmp = temporaryName(dest);
    const auto st = mayExist ? fs::symlink_status(dest, ec) : fs::file_status(fs::file_type::not_found);
    if (fs::exists(st) && !fs::is_regular_file(st)) {
      errors.push_back(fmt::format("{}: exists and is not a regular file", dest.generic_string()));
      return false;
    }
    // Whatever stands where the temporary file goes (a link would send the
    // write elsewhere, a folder is not nplc's to remove) is left alone.
    if (fs::exists(fs::symlink_status(tmp, ec))) return refuseTemporary(tmp, errors);
    steps_.push_back({tmp, dest, dest.parent_path() / ("." + dest.filename().string() + ".nplc-old"), &text});
    return true;
  }

  // Writes every staged file (beside its place, or in its new folder's
  // temporary tree), then puts each new tree and each other file into place.
  bool commit(std::vector<std::string>& errors) {
    if (!writeStaged(errors)) return false;
    std::error_code ec;
    for (const auto& key : order_) {
      Tree& t = trees_.at(key);
      fs::rename(t.tmp, t.top, ec);
      if (ec) return fail(errors, t.top, ec);
      t.placed = true;
    }
    for (auto& s : steps_) {
      if (s.inNewTree) continue;
      if (fs::exists(s.dest, ec)) {
        fs::rename(s.dest, s.backup, ec);
        if (ec) return fail(errors, s.dest, ec);
        s.backedUp = true;
      }
      fs::rename(s.tmp, s.dest, ec);
      if (ec) return fail(errors, s.dest, ec);
      s.placed = true;
    }
    for (const auto& s : steps_) {
      if (s.backedUp) fs::remove(s.backup, ec);
    }
    return true;
  }

  void rollback() {
    std::error_code ec;
    for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
      if (it->inNewTree) continue;
      if (it->placed) fs::remove(it->dest, ec);
      if (it->backedUp) fs::rename(it->backup, it->dest, ec);
      // Nothing stood there when the file was staged: a file there is ours.
      if (fs::is_regular_file(fs::symlink_status(it->tmp, ec))) fs::remove(it->tmp, ec);
    }
    // A new tree holds only what this build wrote: nothing stood at its
    // temporary name (stage refuses it) nor at its place (the rename would
    // have failed).
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
      const Tree& t = trees_.at(*it);
      if (t.placed)
        fs::remove_all(t.top, ec);
      else if (t.made)
        fs::remove_all(t.tmp, ec);
    }
  }

  std::size_t committedFiles() const { return steps_.size(); }

 private:
  struct Step {
    fs::path tmp, dest, backup;  // tmp: where the file is written
    const std::string* text;
    bool backedUp = false, placed = false;
    bool inNewTree = false;  // written at its name in a new tree; placed with the tree
  };
  // A folder that did not exist, written under `tmp` and renamed to `top`.
  struct Tree {
    fs::path top, tmp;
    bool made = false, placed = false;
  };
  // Where the files of a folder are written.
  struct Placement {
    fs::path written;
    bool inNewTree = false;
  };
  fs::path root_;
  std::vector<Step> steps_;
  std::unordered_map<std::string, Tree> trees_;  // by their place
  std::vector<std::string> order_;               // trees_ in the order they were made
  std::unordered_map<std::string, Placement> folders_;

  static bool refuseTemporary(const fs::path& tmp, std::vector<std::string>& errors) {
    errors.push_back(fmt::format("{}: exists; nplc writes its temporary file there (remove it if an earlier build "
                                 "was interrupted)", tmp.generic_string()));
    return false;
  }

  // The temporary files, on several threads when there are many: creating
  // and writing tens of thousands of files is system time that two cores
  // halve. Each file is written by one thread; the first failure in staging
  // order is the one reported, and rollback() removes every temporary file.
  bool writeStaged(std::vector<std::string>& errors) {
    std::vector<char> failed(steps_.size(), 0);
    util::forEachIndex(steps_.size(), 256,
                       [&](std::size_t i) { failed[i] = writeAll(steps_[i].tmp, *steps_[i].text) ? 0 : 1; });
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      if (failed[i] != 0) {
        errors.push_back(fmt::format("{}: cannot write", steps_[i].tmp.generic_string()));
        return false;
      }
    }
    return true;
  }

  static bool fail(std::vector<std::string>& errors, const fs::path& dest, const std::error_code& ec) {
    errors.push_back(fmt::format("{}: cannot put into place: {}", dest.generic_string(), ec.message()));
    return false;
  }
};

// The output path is a folder or does not exist yet (else an error in `res`).
bool outputFolderUsable(const fs::path& outDir, WriteResult& res) {
  std::error_code ec;
  if (!fs::exists(outDir, ec) || fs::is_directory(outDir, ec)) return true;
  res.ok = false;
  res.errors.push_back(fmt::format("{}: output path exists and is not a folder", outDir.generic_string()));
  return false;
}

}  // namespace

WriteResult writeOutputs(const std::string& outDirText, const backends::OutputFiles& files,
                         const std::set<std::string>& targets) {
  WriteResult res;
  const fs::path outDir(outDirText);
  std::error_code ec;
  if (!outputFolderUsable(outDir, res)) return res;
  const fs::path manifestPath = outDir / kManifestName;
  const std::set<std::string> previous = readManifest(manifestPath);

  // Refuse to overwrite a file that nplc did not write, or to write through a symlink.
  SymlinkCheck links(outDir);
  std::unordered_set<std::string> existing;  // the files that exist already
  for (const auto& [rel, text] : files) {
    const fs::path p = outDir / rel;
    bool exists = false;
    if (links.refuses(rel, exists, res.errors)) continue;
    if (!exists) continue;
    existing.insert(rel);
    if (previous.count(rel) == 0) {
      res.errors.push_back(fmt::format("{}: exists and was not written by nplc; refusing to overwrite it",
                                       p.generic_string()));
    }
  }
  if (!res.errors.empty()) {
    res.ok = false;
    return res;
  }

  std::set<std::string> manifest;
  for (const auto& rel : previous) {
    if (targets.count(topFolder(rel)) == 0) manifest.insert(rel);
  }
  for (const auto& [rel, _] : files) manifest.insert(rel);
  std::string manifestText = std::string(kManifestHeader) + "\n";
  for (const auto& rel : manifest) manifestText += rel + "\n";

  Transaction tx(outDir);
  bool ok = true;
  for (const auto& [rel, text] : files) {
    const fs::path p = outDir / rel;
    std::string old;
    const bool exists = existing.count(rel) != 0;
    if (exists && readAll(p, old) && old == text) {
      ++res.unchanged;
      continue;
    }
    if (!tx.stage(p, text, res.errors, exists)) {
      ok = false;
      break;
    }
  }
  ok = ok && tx.stage(manifestPath, manifestText, res.errors);
  if (!ok || !tx.commit(res.errors)) {
    tx.rollback();
    res.ok = false;
    return res;
  }
  res.written = tx.committedFiles() - 1;  // the manifest is not counted
  // Prune what an earlier build wrote for these targets and this one did not.
  for (const auto& rel : previous) {
    if (targets.count(topFolder(rel)) == 0 || files.count(rel) != 0) continue;
    const fs::path p = outDir / rel;
    if (!symlinkOnPath(outDir, rel).empty()) continue;
    if (fs::is_regular_file(fs::symlink_status(p, ec)) && fs::remove(p, ec)) {
      ++res.removed;
      removeEmptyParents(p, outDir);
    }
  }
  return res;
}

WriteResult writeNewFiles(const std::string& outDirText, const backends::OutputFiles& files) {
  WriteResult res;
  const fs::path outDir(outDirText);
  if (!outputFolderUsable(outDir, res)) return res;
  Transaction tx(outDir);
  SymlinkCheck links(outDir);
  for (const auto& [rel, text] : files) {
    const fs::path p = outDir / rel;
    bool exists = false;
    if (links.refuses(rel, exists, res.errors)) continue;
    std::string old;
    if (exists) {
      if (readAll(p, old) && old == text) {
        ++res.unchanged;
      } else {
        res.errors.push_back(fmt::format("{}: exists; refusing to overwrite it", p.generic_string()));
      }
      continue;
    }
    if (res.errors.empty() && !tx.stage(p, text, res.errors, false)) break;
  }
  if (!res.errors.empty() || !tx.commit(res.errors)) {
    tx.rollback();
    res.ok = false;
    return res;
  }
  res.written = tx.committedFiles();
  return res;
}

}  // namespace nplc::driver
