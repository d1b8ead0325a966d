#include "driver/project_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "diag/render_text.h"
#include "driver/compile.h"
#include "driver/targets.h"
#include "lint/controls.h"
#include "util/cidr.h"
#include "util/suggest.h"

namespace nplc::driver {

namespace fs = std::filesystem;

namespace {

// The keys, each a long flag of `nplc build` without its dashes (`warnings`:
// the values of -W, `sources`: the paths).
const std::vector<std::string>& knownKeys() {
  static const std::vector<std::string> keys = {"sources",      "output",   "target",           "pod-cidr",
                                                "service-cidr", "warnings", "cilium-deny-rules"};
  return keys;
}

class Checker {
 public:
  Checker(ProjectLoad& load, source::FileId file, const fs::path& folder, const fs::path& cwd)
      : load_(load), file_(file), folder_(folder), cwd_(cwd) {}

  void run(const YAML::Node& root) {
    if (root.IsNull()) return;  // empty, or only comments: every default
    if (!root.IsMap()) {
      error(root, "the project file is not a mapping of keys to values",
            "write `key: value` lines, e.g. `output: out` (nplc init writes a commented example)");
      return;
    }
    std::set<std::string> seen;
    for (const auto& kv : root) {
      const YAML::Node& key = kv.first;
      const YAML::Node& value = kv.second;
      if (!key.IsScalar()) {
        error(key, "a key must be a name", "the keys are: " + fmt::format("{}", fmt::join(knownKeys(), ", ")));
        continue;
      }
      const std::string name = key.Scalar();
      if (!seen.insert(name).second) {
        error(key, fmt::format("'{}' is given twice", name), "keep one of them");
        continue;
      }
      if (value.IsNull()) {
        error(key, fmt::format("'{}' has no value", name), "give it a value, or remove the line to keep the default");
        continue;
      }
      if (name == "sources") {
        if (auto list = paths(value, name)) pr_.sources = std::move(list);
      } else if (name == "output") {
        if (auto one = path(value, name)) pr_.output = std::move(*one);
      } else if (name == "target") {
        pr_.targets = checkedList(value, name, [](const std::string& t) -> std::optional<std::string> {
          if (findTarget(t) != nullptr) return std::nullopt;
          return fmt::format("the targets are: {}", fmt::join(allTargets(), ", "));
        });
      } else if (name == "pod-cidr" || name == "service-cidr") {
        (name == "pod-cidr" ? pr_.podCidrs : pr_.serviceCidrs) =
            checkedList(value, name, [](const std::string& text) -> std::optional<std::string> {
              const auto parsed = util::parseCidr(text);
              if (parsed.cidr) return std::nullopt;
              return parsed.suggestion
                         ? fmt::format("{}; did you mean {}?", parsed.error, parsed.suggestion->str())
                         : fmt::format("{}; write address/prefix-length, e.g. 10.244.0.0/16", parsed.error);
            });
      } else if (name == "warnings") {
        pr_.warnings = checkedList(value, name, [](const std::string& w) -> std::optional<std::string> {
          if (auto bad = lint::WarningFlags{{w}}.validate()) {
            return *bad + "; each item is what follows -W on the command line (error, no-NAME, error=NAME)";
          }
          return std::nullopt;
        });
      } else if (name == "cilium-deny-rules") {
        if (value.IsScalar() && (value.Scalar() == "true" || value.Scalar() == "false")) {
          pr_.ciliumDenyRules = value.Scalar() == "true";
        } else {
          error(value, "'cilium-deny-rules' is true or false", "write `cilium-deny-rules: true`");
        }
      } else {
        unknownKey(key, name);
      }
    }
  }

  ProjectFile result() && { return std::move(pr_); }

 private:
  void unknownKey(const YAML::Node& key, const std::string& name) {
    std::string help;
    if (name == "allow-root") {
      help =
          "--allow-root is for the command line only: a file in the repository cannot widen where sources "
          "are read from";
    } else if (const auto close = util::closestNames(name, knownKeys()); !close.empty()) {
      help = fmt::format("did you mean '{}'?", close.front());
    } else {
      help = fmt::format("the keys are: {}", fmt::join(knownKeys(), ", "));
    }
    error(key, fmt::format("unknown key '{}'", name), help);
  }

  // A list of strings, or one string for a list of one.
  std::optional<std::vector<std::string>> strings(const YAML::Node& value, const std::string& name) {
    std::vector<std::string> out;
    if (value.IsScalar()) {
      out.push_back(value.Scalar());
      return out;
    }
    if (!value.IsSequence()) {
      error(value, fmt::format("'{}' is a list of strings", name), fmt::format("write `{}: [a, b]`", name));
      return std::nullopt;
    }
    if (value.size() == 0) {
      error(value, fmt::format("'{}' is an empty list", name),
            "name at least one, or remove the line to keep the default");
      return std::nullopt;
    }
    bool ok = true;
    for (const auto& item : value) {
      if (item.IsScalar() && !item.Scalar().empty()) {
        out.push_back(item.Scalar());
      } else {
        error(item, fmt::format("each item of '{}' is a non-empty string", name),
              fmt::format("write `{}: [a, b]`", name));
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // `strings`, each checked by `why` (the help for a bad one, nullopt if fine).
  template <typename Why>
  std::optional<std::vector<std::string>> checkedList(const YAML::Node& value, const std::string& name, Why why) {
    auto list = strings(value, name);
    if (!list) return std::nullopt;
    bool ok = true;
    std::size_t i = 0;
    for (const auto& text : *list) {
      if (auto help = why(text)) {
        const std::string what = name == "warnings" ? "warning flag" : name;
        error(value.IsSequence() ? value[i] : value, fmt::format("invalid {} '{}'", what, text), *help);
        ok = false;
      }
      ++i;
    }
    if (!ok) return std::nullopt;
    return list;
  }

  // A path of the file: relative to its folder, and inside it.
  std::optional<std::string> checkedPath(const YAML::Node& node, const std::string& name) {
    const std::string& text = node.Scalar();
    if (text.empty()) {
      error(node, fmt::format("the {} is an empty path", name), "name a folder, e.g. `.` for this one");
      return std::nullopt;
    }
    std::error_code ec;
    const fs::path full = (folder_ / text).lexically_normal();
    const fs::path real = fs::weakly_canonical(full, ec);
    const fs::path rel = real.lexically_relative(folder_);
    if (ec || rel.empty() || *rel.begin() == "..") {
      error(node, fmt::format("{} '{}' is outside the project (the folder of {})", name, text, kProjectFileName),
            fmt::format("paths in {0} are relative to its folder and stay below it; to use another folder, "
                        "give it on the command line",
                        kProjectFileName));
      return std::nullopt;
    }
    fs::path shown = full.lexically_relative(cwd_);
    if (shown.empty()) shown = full;
    return shown.generic_string();
  }

  std::optional<std::string> path(const YAML::Node& value, const std::string& name) {
    if (!value.IsScalar()) {
      error(value, fmt::format("'{}' is one path", name), fmt::format("write `{}: out`", name));
      return std::nullopt;
    }
    return checkedPath(value, name);
  }

  std::optional<std::vector<std::string>> paths(const YAML::Node& value, const std::string& name) {
    auto list = strings(value, name);
    if (!list) return std::nullopt;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (auto p = checkedPath(value.IsSequence() ? value[i] : value, "source")) out.push_back(std::move(*p));
    }
    if (out.size() != list->size()) return std::nullopt;
    return out;
  }

 public:
  void error(const YAML::Node& node, std::string message, std::string help) {
    errorAt(node.Mark(), std::move(message), std::move(help), node.IsScalar() ? &node.Scalar() : nullptr);
  }

  void errorAt(const YAML::Mark& mark, std::string message, std::string help, const std::string* scalar = nullptr) {
    diag::Diagnostic d;
    d.message = std::move(message);
    d.help = std::move(help);
    const std::string& text = load_.sm.file(file_).text;
    const auto begin = static_cast<std::uint32_t>(std::min<std::size_t>(mark.pos < 0 ? 0 : mark.pos, text.size()));
    d.span = {file_, begin, begin + static_cast<std::uint32_t>(tokenLength(text, begin, scalar))};
    load_.errors.push_back(std::move(d));
  }

 private:
  // How many bytes the caret covers: the scalar as written (quotes too), else one.
  static std::size_t tokenLength(const std::string& text, std::size_t at, const std::string* scalar) {
    if (at >= text.size()) return 0;
    if (scalar != nullptr && !scalar->empty() && text.compare(at, scalar->size(), *scalar) == 0) return scalar->size();
    if (scalar != nullptr && (text[at] == '"' || text[at] == '\'')) {
      const auto close = text.find(text[at], at + 1);
      if (close != std::string::npos && text.find('\n', at) > close) return close + 1 - at;
    }
    return 1;
  }

  ProjectLoad& load_;
  source::FileId file_;
  fs::path folder_, cwd_;
  ProjectFile pr_;
};

}  // namespace

std::optional<fs::path> findProjectFile(const fs::path& start) {
  std::error_code ec;
  for (fs::path d = fs::absolute(start, ec).lexically_normal();; d = d.parent_path()) {
    if (d.has_filename() == false && d != d.root_path()) d = d.parent_path();  // "dir/"
    if (fs::is_regular_file(d / kProjectFileName, ec)) return d / kProjectFileName;
    if (fs::exists(d / ".git", ec) || d == d.parent_path()) return std::nullopt;
  }
}

ProjectLoad parseProjectFile(const std::string& text, const fs::path& file, const fs::path& cwd) {
  ProjectLoad load;
  std::error_code ec;
  fs::path shown = file.lexically_relative(cwd);
  if (shown.empty()) shown = file;
  const auto id = load.sm.add(shown.generic_string(), text, false, file.string());
  const fs::path folder = fs::weakly_canonical(file.parent_path(), ec);
  Checker checker(load, id, folder, cwd);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    checker.errorAt(e.mark, fmt::format("{} is not valid YAML: {}", kProjectFileName, e.msg),
                    "fix the YAML syntax (a key per line, `key: value`; lists as [a, b] or `- a` lines)");
    return load;
  }
  checker.run(root);
  if (load.errors.empty()) {
    load.project = std::move(checker).result();
    load.project->folder = folder;
  }
  return load;
}

ProjectLoad loadProjectFile(const fs::path& file, const fs::path& cwd) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    ProjectLoad load;
    diag::Diagnostic d;
    d.message = fmt::format("cannot read {}", file.generic_string());
    d.help = "check the file's permissions";
    load.errors.push_back(std::move(d));
    return load;
  }
  return parseProjectFile(text.str(), file, cwd);
}


void applyProjectFile(const ProjectFile& project, const GivenOnCommandLine& given, CommonOptions& common,
                      std::string* outDir, std::vector<std::string>& targets) {
  common.projectFolder = project.folder.string();
  if (project.sources && !given.paths) common.paths = *project.sources;
  if (project.output && outDir != nullptr && !given.output) *outDir = *project.output;
  if (project.targets && !given.targets) targets = *project.targets;
  if (project.podCidrs && !given.podCidrs) common.podCidrs = *project.podCidrs;
  if (project.serviceCidrs && !given.serviceCidrs) common.serviceCidrs = *project.serviceCidrs;
  if (project.warnings)
    common.warningFlags.insert(common.warningFlags.begin(), project.warnings->begin(), project.warnings->end());
  if (project.ciliumDenyRules) common.ciliumDenyRules = common.ciliumDenyRules || *project.ciliumDenyRules;
}

namespace {

// `path`, given relative to `from`, as a path relative to `to`.
std::string rebase(const std::string& path, const fs::path& from, const fs::path& to) {
  if (fs::path(path).is_absolute()) return path;
  const fs::path full = (from / path).lexically_normal();
  const fs::path rel = full.lexically_relative(to);
  return (rel.empty() ? full : rel).generic_string();
}

}  // namespace

std::optional<int> useProjectFile(const GivenOnCommandLine& given, CommonOptions& common, std::string* outDir,
                                  std::vector<std::string>& targets) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const auto file = findProjectFile(cwd);
  if (!file) return std::nullopt;
  const fs::path base = given.paths ? cwd : file->parent_path();
  const auto load = loadProjectFile(*file, base);
  if (!load.project) {
    diag::renderText(std::cerr, load.sm, load.errors, {useColor(common.color)});
    std::cerr << diag::summaryLine(load.errors.size(), 0) << "\n";
    if (outDir != nullptr) std::cerr << "nplc: nothing written\n";
    return kUsageError;
  }
  applyProjectFile(*load.project, given, common, outDir, targets);
  if (given.paths) return std::nullopt;
  if (outDir != nullptr && given.output) *outDir = rebase(*outDir, cwd, base);
  for (auto& root : common.allowRoots) root = rebase(root, cwd, base);
  fs::current_path(base, ec);
  if (ec) {
    std::cerr << fmt::format("nplc: error: cannot work from {}: {}\n", base.generic_string(), ec.message());
    return kUsageError;
  }
  return std::nullopt;
}

namespace {

const char* const kTemplate = R"(# nplc.yaml: the nplc project file (docs/project-file.md).
# `nplc build`, `nplc check` and the editor's language server read it from
# this folder or any folder below it. Paths are relative to this folder and
# stay inside it. A flag given on the command line wins over its key here.

# The folders (or files) whose .npl files make the program; an output folder
# is never read as sources.
sources: [.]

# Where `nplc build` writes (-o).
output: {output}

# The targets to generate and whose checks run (--target): {targets}.
target: [kubernetes]

# The cluster's pod and service ranges (--pod-cidr, --service-cidr), for the
# address checks and the cilium target. Default pod ranges: 10.244.0.0/16
# and 10.42.0.0/16.
# pod-cidr: [10.244.0.0/16]
# service-cidr: [10.96.0.0/12]

# Warning flags, each what follows -W on the command line: error,
# error=NAME, no-NAME (names: nplc explain --list).
# warnings: [error]

# Cilium target: also emit each deny intent as ingressDeny/egressDeny rules.
# cilium-deny-rules: false
)";

}  // namespace

int runInit() {
  std::error_code ec;
  const fs::path file = fs::current_path(ec) / kProjectFileName;
  if (fs::exists(fs::symlink_status(file, ec))) {
    std::cerr << fmt::format(
        "nplc: error: {} already exists here; nplc init does not replace it (edit it, or remove it first)\n",
        kProjectFileName);
    return kUsageError;
  }
  // "x": never replace a file made since the check above.
  std::FILE* out = std::fopen(file.c_str(), "wx");
  const std::string text = fmt::format(fmt::runtime(kTemplate), fmt::arg("targets", fmt::join(allTargets(), ", ")),
                                       fmt::arg("output", kDefaultOutput));
  const bool written = out != nullptr && std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (out != nullptr && std::fclose(out) != 0) out = nullptr;
  if (!written || out == nullptr) {
    std::cerr << fmt::format("nplc: error: cannot write {}\n", file.generic_string());
    return kUsageError;
  }
  std::cerr << fmt::format("nplc: wrote {}; `nplc build` now builds this folder into ./{}\n", kProjectFileName,
                           kDefaultOutput);
  return kOk;
}

}  // namespace nplc::driver
