#include "lsp/analysis.h"

#include <fmt/format.h>

#include <exception>
#include <filesystem>

#include "driver/project_file.h"
#include "lint/controls.h"
#include "util/check.h"

namespace nplc::lsp {

const ast::File* Analysis::astOf(const std::string& path) const {
  const auto it = fileByPath.find(path);
  if (it == fileByPath.end()) return nullptr;
  for (const auto& f : c.asts) {
    if (f.file == it->second) return &f;
  }
  return nullptr;
}

ProjectSettings projectSettingsFor(const std::string& path, const std::function<bool(const std::string&)>& mayRead) {
  namespace fs = std::filesystem;
  ProjectSettings settings;
  std::error_code ec;
  const fs::path start = fs::is_directory(path, ec) ? fs::path(path) : fs::path(path).parent_path();
  const auto file = driver::findProjectFile(start);
  if (!file || !mayRead(fs::weakly_canonical(*file, ec).string())) return settings;
  const auto load = driver::loadProjectFile(*file, file->parent_path());
  if (!load.project) {
    for (const auto& e : load.errors) {
      std::string where = driver::kProjectFileName;
      if (e.span.valid()) {
        const auto lc = load.sm.lineCol(e.span.file, e.span.begin);
        where = fmt::format("{}:{}:{}", file->generic_string(), lc.line, lc.col);
      }
      settings.errors.push_back(fmt::format("{}: {}\nhelp: {}", where, e.message, e.help));
    }
    return settings;
  }
  // As `nplc check` with no flags reads it; the folder is not a root here:
  // the workspace folders are the only places sources come from.
  std::vector<std::string> targets(settings.targets.begin(), settings.targets.end());
  driver::applyProjectFile(*load.project, {}, settings.options, nullptr, targets);
  settings.options.projectFolder.clear();
  settings.targets = {targets.begin(), targets.end()};
  return settings;
}

std::unique_ptr<Analysis> analyze(const std::vector<std::string>& inputs, const source::Overlay& overlay,
                                  const std::vector<std::string>& roots, const ProjectSettings& settings) {
  auto a = std::make_unique<Analysis>();
  if (!roots.empty()) {
    a->c.rootsFromPaths = false;
    for (const auto& r : roots) a->c.extraRoots.push_back({r, "a workspace folder"});
  }
  a->projectErrors = settings.errors;
  a->targets = settings.targets;
  try {
    // As `nplc check` runs it: the lint checks and the targets' own checks.
    if (auto bad = driver::configure(a->c, settings.options)) a->projectErrors.push_back(*bad);
    backends::TargetOptions options;
    options.podCidrs = a->c.lintOptions.podCidrs;
    options.ciliumDenyRules = settings.options.ciliumDenyRules;
    options.render = false;  // as check: diagnostics only (the driver renders what expectations judge)
    driver::compile(a->c, inputs, settings.targets, options, &overlay);
    lint::WarningFlags{settings.options.warningFlags}.apply(a->c.sink);
  } catch (const util::InternalError& e) {
    a->internalError = e.what();
  } catch (const std::exception& e) {
    a->internalError = std::string("internal error: ") + e.what();
  }
  for (source::FileId id = 0; id < a->c.sm.size(); ++id) {
    const auto& f = a->c.sm.file(id);
    if (!f.isStdlib && !f.absolutePath.empty()) a->fileByPath.emplace(f.absolutePath, id);
  }
  a->index = SymbolIndex(a->c.asts);
  return a;
}

}  // namespace nplc::lsp
