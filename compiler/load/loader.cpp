#include "load/loader.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "load/stdlib.h"
#include "syntax/parser.h"
#include "util/suggest.h"
#include "util/threads.h"

namespace nplc::load {

namespace fs = std::filesystem;

namespace {

// Source files larger than this are refused. No policy file comes near it,
// and the parse tree of a file dense with tokens takes up to ~250 times its
// size (a 10 MB line of label values: 2.3 GB), so a limit bounds memory.
constexpr std::uintmax_t kMaxSourceBytes = 16u << 20;

std::optional<std::string> readFile(const fs::path& p, std::string& why) {
  std::error_code ec;
  const auto st = fs::status(p, ec);
  if (fs::is_directory(st)) {
    why = "is a directory";
    return std::nullopt;
  }
  // A FIFO, a socket or a device (/dev/zero) would block or never end.
  if (!fs::is_regular_file(st)) {
    why = "is not a regular file";
    return std::nullopt;
  }
  if (const auto size = fs::file_size(p, ec); !ec && size > kMaxSourceBytes) {
    why = fmt::format("is too large ({} bytes; source files are at most {} MiB)", size, kMaxSourceBytes >> 20);
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    why = fmt::format("cannot be read: {}", errno != 0 ? std::strerror(errno) : "unknown error");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad() || ss.str().size() > kMaxSourceBytes) {
    why = "cannot be read";
    return std::nullopt;
  }
  return ss.str();
}

// Where the loader's files come from: the disk, or memory (compile from text).
class Files {
 public:
  virtual ~Files() = default;
  // The key of `path` (absolute, normalized), relative to `dir` unless absolute.
  virtual fs::path resolve(const fs::path& dir, const std::string& path) const = 0;
  // The text at `key`, or nullopt with `why` set ("" for "no such file").
  virtual std::optional<std::string> read(const fs::path& key, std::string& why) const = 0;
  // The path shown to users.
  virtual std::string display(const fs::path& key) const = 0;
  // Whether `path` (relative to `dir`), resolved to `key`, stays inside the
  // project roots; `throughLink` when only a symbolic link takes it out.
  virtual bool inside(const fs::path& dir, const std::string& path, const fs::path& key, bool& throughLink) const = 0;
  // The roots, for messages.
  virtual std::string roots() const = 0;
  // An editor's buffer, not read from the disk.
  virtual bool inOverlay(const fs::path& key) const = 0;
};

// The disk, seen through the editor buffers of `overlay` (nplc lsp), if any.
class DiskFiles : public Files {
 public:
  DiskFiles(const source::Roots& roots, const source::Overlay* overlay) : roots_(roots), overlay_(overlay) {}
  fs::path resolve(const fs::path& dir, const std::string& path) const override {
    std::error_code ec;
    return fs::weakly_canonical(dir.empty() ? fs::absolute(path, ec) : dir / path, ec);
  }
  std::optional<std::string> read(const fs::path& key, std::string& why) const override {
    if (overlay_ != nullptr) {
      if (auto it = overlay_->find(key.string()); it != overlay_->end()) return it->second;
    }
    std::error_code ec;
    if (!fs::exists(key, ec)) return std::nullopt;
    return readFile(key, why);
  }
  // Relative to the working directory when that is shorter.
  std::string display(const fs::path& p) const override {
    std::error_code ec;
    const fs::path rel = fs::relative(p, fs::current_path(ec), ec);
    if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
    return p.generic_string();
  }
  bool inside(const fs::path& dir, const std::string& path, const fs::path& key, bool& throughLink) const override {
    if (roots_.contains(key)) return true;
    std::error_code ec;
    throughLink = roots_.contains((dir.empty() ? fs::absolute(path, ec) : dir / path).lexically_normal());
    return false;
  }
  std::string roots() const override { return source::describeRoots(roots_); }
  bool inOverlay(const fs::path& key) const override {
    return overlay_ != nullptr && overlay_->count(key.string()) != 0;
  }

 private:
  const source::Roots& roots_;
  const source::Overlay* overlay_;
};

// Files held in memory under virtual absolute paths ("/" + their path).
class MemoryFiles : public Files {
 public:
  explicit MemoryFiles(const std::vector<MemoryFile>& files) {
    for (const auto& f : files) files_.emplace(resolve({}, f.path).generic_string(), &f.text);
  }
  fs::path resolve(const fs::path& dir, const std::string& path) const override {
    return ((dir.empty() ? fs::path("/") : dir) / path).lexically_normal();
  }
  std::optional<std::string> read(const fs::path& key, std::string& why) const override {
    const auto it = files_.find(key.generic_string());
    if (it != files_.end()) return *it->second;
    // A prefix of a known file is a folder.
    const std::string dir = key.generic_string() + "/";
    for (const auto& [k, _] : files_) {
      if (k.rfind(dir, 0) == 0) {
        why = "is a directory";
        break;
      }
    }
    return std::nullopt;
  }
  std::string display(const fs::path& key) const override { return key.relative_path().generic_string(); }
  // The virtual folder "/" is the root: `..` above it leads out.
  bool inside(const fs::path& dir, const std::string& path, const fs::path&, bool&) const override {
    const fs::path rel = (dir.relative_path() / path).lexically_normal();
    return !fs::path(path).is_absolute() && (rel.empty() || *rel.begin() != "..");
  }
  std::string roots() const override { return "the folder of the files in memory (/)"; }
  bool inOverlay(const fs::path&) const override { return false; }

 private:
  std::map<std::string, const std::string*> files_;
};

class Loader {
 public:
  Loader(const Files& files, source::SourceManager& sm, diag::Sink& sink, LoadResult& out)
      : files_(files), sm_(sm), sink_(sink), out_(out) {}

  void loadInput(const std::string& path) {
    const fs::path abs = files_.resolve({}, path);
    const std::string key = abs.string();
    if (state_.count(key) != 0) return;
    if (auto pre = preparsed_.find(key); pre != preparsed_.end()) {
      Preparsed p = std::move(pre->second);
      preparsed_.erase(pre);
      load(key, files_.display(abs), std::move(p.job.text), false, abs.parent_path(), &p.job);
      return;
    }
    std::string why;
    auto text = readInput(path, abs, why);
    if (!text) {
      out_.ioError = true;
      out_.ioMessages.push_back(fmt::format("{}: {}", path, why.empty() ? "no such file" : why));
      return;
    }
    load(key, files_.display(abs), std::move(*text), false, abs.parent_path());
  }

  // The command-line inputs parsed ahead, on every core, each as the file
  // the loader will make of it when it reaches it. Which FileId that is
  // depends on the `use`s of the files before it (each module gets the next
  // one, in the order this loader reaches them), so it is predicted from the
  // `use`s the lexer finds, up to the first input that uses a file of the
  // project; load() takes a parse only when the file got the predicted id,
  // and parses again otherwise. Diagnostics and FileIds are therefore those
  // of the serial load, whatever the prediction (tests/hardening/
  // parser_equivalence_test.py compares both).
  void preparse(const std::vector<std::string>& inputs) {
    std::set<std::string> seen;
    for (const auto& [key, state] : state_) seen.insert(key);
    auto next = static_cast<source::FileId>(sm_.size());
    std::function<void(const std::string&)> stdModule = [&](const std::string& name) {
      if (seen.count(name) != 0) return;
      for (const auto& m : stdlibModules()) {
        if (m.name != name) continue;
        seen.insert(name);
        ++next;
        for (const auto& use : syntax::scanUses(m.text))
          if (!use.quoted) stdModule(use.path);
        return;
      }
    };
    // Each input read, then their `use`s found on every core (the scan lexes
    // every file whole: a tenth of a check's instructions on one core).
    struct Read {
      std::string key, text;
      std::vector<syntax::UseRef> uses;
    };
    std::vector<Read> read;
    for (const auto& path : inputs) {
      const fs::path abs = files_.resolve({}, path);
      std::string key = abs.string();
      if (seen.count(key) != 0) continue;
      std::string why;
      auto text = readInput(path, abs, why);
      if (!text) continue;  // reported when the loader reaches it; it gets no id
      seen.insert(key);
      read.push_back({std::move(key), std::move(*text), {}});
    }
    util::forEachIndex(read.size(), kParallelFiles, [&](std::size_t i) { read[i].uses = syntax::scanUses(read[i].text); });
    std::vector<syntax::ParseJob> jobs;
    std::vector<std::string> keys;
    for (auto& r : read) {
      jobs.emplace_back();
      jobs.back().text = std::move(r.text);
      jobs.back().file = next++;
      keys.push_back(r.key);
      bool projectFile = false;
      for (const auto& use : r.uses) {
        if (use.quoted) projectFile = true;
        if (projectFile) break;
        if (use.path.rfind("std/", 0) == 0) stdModule(use.path);
      }
      if (projectFile) break;
    }
    if (util::workerThreads(jobs.size(), kParallelFiles) < 2) return;
    syntax::parseInParallel(jobs);
    for (std::size_t i = 0; i < jobs.size(); ++i) preparsed_[keys[i]] = Preparsed{std::move(jobs[i])};
  }

  void loadStd(const std::string& name, source::Span from) {
    if (state_.count(name) != 0) {
      checkCycle(name, from);
      return;
    }
    for (const auto& m : stdlibModules()) {
      if (m.name == name) {
        load(name, "<" + name + ">", m.text, true, {});
        return;
      }
    }
    std::vector<std::string> names;
    for (const auto& m : stdlibModules()) names.push_back(m.name);
    auto& d = sink_.report("E0101", from, fmt::format("no standard module '{}'", name))
                  .note(fmt::format("the standard library has: {}", fmt::join(names, ", ")));
    if (const auto close = util::closestNames(name, names); !close.empty()) d.didYouMean(from, close.front());
  }

 private:
  // The checks and the read of a command-line input; nullopt with `why`
  // when it is refused or cannot be read.
  std::optional<std::string> readInput(const std::string& path, const fs::path& abs, std::string& why) const {
    bool throughLink = false;
    if (!files_.inOverlay(abs) && !files_.inside({}, path, abs, throughLink)) {
      why = fmt::format("{}outside the project root, {}: nplc reads sources only inside it (--allow-root DIR widens it)",
                        throughLink ? "a symbolic link that leads " : "", files_.roots());
      return std::nullopt;
    }
    if (!files_.inOverlay(abs) && !source::hasNplExtension(abs)) {
      why = throughLink || source::hasNplExtension(path) ? "a symbolic link to a file that is not an .npl file"
                                                           : "not an .npl file: nplc reads only .npl files as sources";
      return std::nullopt;
    }
    return files_.read(abs, why);
  }

  // Fewer files than this are parsed one after the other: a thread's
  // prediction cache starts cold, which costs more than a few small files.
  static constexpr std::size_t kParallelFiles = 8;
  struct Preparsed {
    syntax::ParseJob job;
  };
  std::map<std::string, Preparsed> preparsed_;  // by module key, until load() takes it

  enum class State { Loading, Done };
  static constexpr std::size_t kMaxImportDepth = 256;
  const Files& files_;
  source::SourceManager& sm_;
  diag::Sink& sink_;
  LoadResult& out_;
  std::map<std::string, State> state_;
  std::map<std::string, std::string> display_;  // module key -> the path users see
  std::vector<std::pair<std::string, source::Span>> stack_;  // module key, the `use` that loaded it

  void checkCycle(const std::string& key, source::Span from) {
    if (state_[key] != State::Loading) return;
    auto& d = sink_.report("E0102", from, fmt::format("import cycle: '{}' is already being imported", display_[key]));
    bool inCycle = false;
    for (const auto& [k, span] : stack_) {
      if (k == key) inCycle = true;
      // The last `use` of the cycle is the primary location already.
      if (inCycle && span.valid() && (span.file != from.file || span.begin != from.begin)) d.label(span, "imported here");
    }
    d.withHelp("move what both files need into a third file that each of them uses");
  }

  void load(const std::string& key, std::string display, std::string text, bool isStd, const fs::path& dir,
            syntax::ParseJob* pre = nullptr) {
    state_[key] = State::Loading;
    display_[key] = display;
    const source::FileId id = sm_.add(std::move(display), std::move(text), isStd, isStd ? std::string() : key);
    std::optional<ast::File> file;
    if (pre != nullptr && pre->file == id && pre->sink.droppedCount() == 0) {
      sink_.absorb(pre->sink);
      file = std::move(pre->ast);
    } else {
      file = syntax::parseFile(sm_, id, sink_);
    }
    if (file) {
      for (const auto& use : file->uses) {
        stack_.push_back({key, use.span});
        if (stack_.size() > kMaxImportDepth) {
          // Each level of imports is a level of recursion here.
          sink_.report("E0005", use.span, fmt::format("imports are nested more than {} levels deep", kMaxImportDepth))
              .withHelp("import the files from one place instead of each from the previous one");
        } else if (!use.quoted && use.path.rfind("std/", 0) == 0) {
          loadStd(use.path, use.pathSpan);
        } else if (!use.quoted) {
          auto& d = sink_.report("E0101", use.span, fmt::format("'{}' is not a standard module", use.path));
          bool isStdName = false;
          for (const auto& m : stdlibModules()) isStdName |= m.name == "std/" + use.path;
          if (isStdName)
            d.withHelp(fmt::format("write `use std/{}`", use.path)).withEdit(use.pathSpan, "std/" + use.path);
          else
            d.withHelp(fmt::format("files are imported with quotes: use \"{}.npl\"", use.path));
        } else if (isStd) {
          sink_.report("E0101", use.span, "standard modules import only std/ modules");
        } else {
          loadRelative(dir, use);
        }
        stack_.pop_back();
      }
      out_.files.push_back(std::move(*file));
    }
    state_[key] = State::Done;
  }

  // A `use` names an .npl file inside the project, relative to the importing
  // file: checked before anything is read, so that no diagnostic can show a
  // file from elsewhere (a CI runner's /proc/self/environ, ~/.ssh/...).
  bool allowed(const fs::path& dir, const ast::Use& use, const fs::path& abs) {
    bool throughLink = false;
    const bool inside = files_.inside(dir, use.path, abs, throughLink);
    if (fs::path(use.path).is_absolute()) {
      auto& d = sink_.report("E0007", use.pathSpan, fmt::format("'{}' is an absolute path", use.path))
                    .note("a `use` names a file relative to the importing file");
      if (inside && source::hasNplExtension(abs)) {
        const std::string relative = abs.lexically_relative(dir).generic_string();
        d.withHelp(fmt::format("write `use \"{}\"`", relative)).withEdit(use.pathSpan, fmt::format("\"{}\"", relative));
      }
      else
        d.withHelp(fmt::format("name an .npl file of the project relative to this file; nplc reads sources only "
                               "inside {}",
                               files_.roots()));
      return false;
    }
    if (!inside) {
      auto& d = sink_.report("E0008", use.pathSpan, fmt::format("'{}' is outside the project root", use.path))
                    .note(fmt::format("nplc reads sources only inside {}", files_.roots()));
      if (throughLink) d.note("the path leads out through a symbolic link");
      d.withHelp("move the file into the project, or widen the root on the command line with --allow-root DIR");
      return false;
    }
    if (!source::hasNplExtension(use.path) || !source::hasNplExtension(abs)) {
      auto& d = sink_.report("E0009", use.pathSpan, fmt::format("'{}' is not an .npl file", use.path));
      if (source::hasNplExtension(use.path)) d.note("it is a symbolic link to a file whose name does not end in .npl");
      d.withHelp("nplc reads only files named *.npl as sources: name the .npl file that holds the declarations");
      return false;
    }
    return true;
  }

  void loadRelative(const fs::path& dir, const ast::Use& use) {
    const fs::path abs = files_.resolve(dir, use.path);
    if (!allowed(dir, use, abs)) return;
    const std::string key = abs.string();
    if (state_.count(key) != 0) {
      checkCycle(key, use.span);
      return;
    }
    std::string why;
    auto text = files_.read(abs, why);
    if (!text) {
      sink_.report("E0101", use.span, fmt::format("cannot import '{}': {}", use.path, why))
          .note(fmt::format("looked for {}", files_.display(abs)))
          .withHelp("paths are relative to the importing file");
      return;
    }
    load(key, files_.display(abs), std::move(*text), false, abs.parent_path());
  }
};

// A program whose files declare nothing can only come from a wrong path or
// a file emptied by mistake; building it would write no policy and prune
// every policy an earlier build wrote. An error, at the first input. A file
// of `admin`/`baseline` blocks alone declares cluster-wide policy.
void checkNotEmpty(const LoadResult& out, const source::SourceManager& sm, diag::Sink& sink) {
  if (out.ioError || sink.hasErrors()) return;
  source::FileId first = source::kNoFile;
  std::size_t inputs = 0;
  for (const auto& f : out.files) {
    if (sm.file(f.file).isStdlib) continue;
    if (!f.namespaces.empty() || !f.externals.empty() || !f.bundles.empty() || !f.clusterBlocks.empty()) return;
    if (first == source::kNoFile) first = f.file;
    ++inputs;
  }
  if (first == source::kNoFile) return;
  sink.report("E0004", {first, 0, 0},
              inputs == 1 ? std::string("nothing is declared: the file is empty or only comments")
                          : fmt::format("nothing is declared in any of the {} input files", inputs))
      .withHelp("is this the right path? A program declares `namespace NAME { ... }` blocks");
}

}  // namespace

LoadResult loadProgram(const std::vector<std::string>& inputs, source::SourceManager& sm, diag::Sink& sink,
                       const source::Roots& roots, const source::Overlay* overlay) {
  LoadResult out;
  const DiskFiles files(roots, overlay);
  Loader loader(files, sm, sink, out);
  loader.loadStd(kPreludeModule, {});
  loader.preparse(inputs);
  for (const auto& in : inputs) loader.loadInput(in);
  checkNotEmpty(out, sm, sink);
  return out;
}

LoadResult loadProgramFromMemory(const std::vector<MemoryFile>& inputs, source::SourceManager& sm, diag::Sink& sink) {
  LoadResult out;
  const MemoryFiles files(inputs);
  Loader loader(files, sm, sink, out);
  loader.loadStd(kPreludeModule, {});
  for (const auto& in : inputs) loader.loadInput(in.path);
  checkNotEmpty(out, sm, sink);
  return out;
}

}  // namespace nplc::load
