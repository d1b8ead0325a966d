#include "sema/loader.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "sema/stdlib.h"
#include "syntax/parser.h"

namespace nplc::sema {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> readFile(const fs::path& p, std::string& why) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    why = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    why = "cannot be read";
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    why = "cannot be read";
    return std::nullopt;
  }
  return ss.str();
}

// Shown paths are relative to the working directory when that is shorter.
std::string displayPath(const fs::path& p) {
  std::error_code ec;
  const fs::path rel = fs::relative(p, fs::current_path(ec), ec);
  if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
  return p.generic_string();
}

class Loader {
 public:
  Loader(source::SourceManager& sm, diag::Sink& sink, LoadResult& out, const source::Overlay* overlay)
      : sm_(sm), sink_(sink), out_(out), overlay_(overlay) {}

  void loadInput(const std::string& path) {
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
    const std::string key = abs.string();
    if (state_.count(key) != 0) return;
    std::string why;
    auto text = read(abs, why);
    if (!text) {
      out_.ioError = true;
      out_.ioMessages.push_back(fmt::format("{}: {}", path, why));
      return;
    }
    load(key, displayPath(abs), std::move(*text), false, abs.parent_path());
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
    std::string names;
    for (const auto& m : stdlibModules()) names += (names.empty() ? "" : ", ") + m.name;
    sink_.report("E0101", from, fmt::format("no standard module '{}'", name))
        .note("the standard library has: " + names);
  }

 private:
  enum class State { Loading, Done };
  source::SourceManager& sm_;
  diag::Sink& sink_;
  LoadResult& out_;
  const source::Overlay* overlay_;
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

  // An editor's buffer when the overlay has one, else the file on disk.
  std::optional<std::string> read(const fs::path& abs, std::string& why) const {
    if (overlay_ != nullptr) {
      if (auto it = overlay_->find(abs.string()); it != overlay_->end()) return it->second;
    }
    std::error_code ec;
    if (!fs::exists(abs, ec)) {
      why = "no such file";
      return std::nullopt;
    }
    return readFile(abs, why);
  }

  void load(const std::string& key, std::string display, std::string text, bool isStd, const fs::path& dir) {
    state_[key] = State::Loading;
    display_[key] = display;
    const source::FileId id = sm_.add(std::move(display), std::move(text), isStd, isStd ? std::string() : key);
    auto file = syntax::parseFile(sm_, id, sink_);
    if (file) {
      for (const auto& use : file->uses) {
        stack_.push_back({key, use.span});
        if (!use.quoted && use.path.rfind("std/", 0) == 0) {
          loadStd(use.path, use.span);
        } else if (!use.quoted) {
          auto& d = sink_.report("E0101", use.span, fmt::format("'{}' is not a standard module", use.path));
          bool isStdName = false;
          for (const auto& m : stdlibModules()) isStdName |= m.name == "std/" + use.path;
          d.withHelp(isStdName ? fmt::format("write `use std/{}`", use.path)
                               : fmt::format("files are imported with quotes: use \"{}.npl\"", use.path));
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

  void loadRelative(const fs::path& dir, const ast::Use& use) {
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(dir / use.path, ec);
    const std::string key = abs.string();
    if (state_.count(key) != 0) {
      checkCycle(key, use.span);
      return;
    }
    std::string why;
    auto text = read(abs, why);
    if (!text) {
      sink_.report("E0101", use.span, fmt::format("cannot import '{}': {}", use.path, why))
          .note(fmt::format("looked for {}", displayPath(abs)))
          .withHelp("paths are relative to the importing file");
      return;
    }
    load(key, displayPath(abs), std::move(*text), false, abs.parent_path());
  }
};

}  // namespace

LoadResult loadProgram(const std::vector<std::string>& inputs, source::SourceManager& sm, diag::Sink& sink,
                       const source::Overlay* overlay) {
  LoadResult out;
  Loader loader(sm, sink, out, overlay);
  loader.loadStd(kPreludeModule, {});
  for (const auto& in : inputs) loader.loadInput(in);
  return out;
}

}  // namespace nplc::sema
