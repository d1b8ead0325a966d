#include "driver/compile.h"
#include "driver/expectations.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

#include "driver/effective_access.h"
#include "driver/output_writer.h"
#include "driver/targets.h"
#include "lint/controls.h"
#include "load/loader.h"
#include "sema/pipeline.h"

namespace nplc::driver {

namespace fs = std::filesystem;

namespace {

bool inOverlay(const source::Overlay* overlay, const std::string& path) {
  if (overlay == nullptr) return false;
  std::error_code ec;
  return overlay->count(fs::weakly_canonical(fs::absolute(path, ec), ec).string()) != 0;
}

}  // namespace

// An output folder: the one being written, or one an earlier build wrote
// (it holds the manifest). Sources are never read from it.
bool outputFolder(const fs::path& dir, const fs::path& writing) {
  std::error_code ec;
  if (fs::exists(dir / kManifestName, ec)) return true;
  return !writing.empty() && fs::weakly_canonical(dir, ec) == writing;
}

std::vector<std::string> collectInputs(const std::vector<std::string>& paths, std::vector<std::string>& ioErrors,
                                       const source::Overlay* overlay, const std::string& outDir) {
  std::error_code canonicalEc;
  const fs::path writing = outDir.empty() ? fs::path() : fs::weakly_canonical(fs::absolute(outDir), canonicalEc);
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto st = fs::status(p, ec);
    if ((ec || !fs::exists(st)) && inOverlay(overlay, p)) {
      out.push_back(p);
      continue;
    }
    if (ec || !fs::exists(st)) {
      ioErrors.push_back(fmt::format("{}: no such file or folder", p));
      continue;
    }
    if (!fs::is_directory(st)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && outputFolder(it->path(), writing)) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && it->path().extension() == ".npl") found.push_back(it->path().generic_string());
    }
    if (ec) ioErrors.push_back(fmt::format("{}: {}", p, ec.message()));
    if (found.empty()) ioErrors.push_back(fmt::format("{}: no .npl files in this folder", p));
    out.insert(out.end(), found.begin(), found.end());
  }
  // The order of inputs never changes the output.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// NPLC_TIMINGS=1 prints how long each stage took (for bench/), on stderr.
class StageTimer {
 public:
  StageTimer() : on_(std::getenv("NPLC_TIMINGS") != nullptr), last_(std::chrono::steady_clock::now()) {}
  void lap(const char* stage) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    std::cerr << fmt::format("nplc: timing: {:<10} {:8.3f} s\n", stage,
                             std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

namespace {

// The stages after loading, shared by compile() and compileMemory().
void analyzeAndGenerate(Compilation& c, load::LoadResult& loaded, const std::set<std::string>& targets,
                        const backends::TargetOptions& options, StageTimer& timer) {
  if (loaded.ioError) {
    c.ioErrors = loaded.ioMessages;
    return;
  }
  c.asts = std::move(loaded.files);
  if (c.sink.hasErrors()) return lint::applySuppressions(c.sm, c.asts, c.sink, false);
  const lint::EdgeNames edgeNames = lint::edgeNames(c.asts);  // what lint needs of the edges released below
  c.program = sema::analyze(c.sm, c.asts, c.sink, [&] {
    if (!c.releaseEdgeSyntax) return;
    for (auto& f : c.asts) {
      for (auto& ns : f.namespaces) std::vector<ast::Edge>().swap(ns.edges);
    }
  });
  timer.lap("analyze");
  checkExpectTargets(c);
  if (!c.program) return lint::applySuppressions(c.sm, c.asts, c.sink, false);
  lint::runLints({c.sm, c.asts, edgeNames, *c.program, c.lintOptions, c.sink});
  timer.lap("lint");
  // What the user is shown of the analysis, for the targets that list it.
  diag::Sink shown = c.sink;
  lint::applySuppressions(c.sm, c.asts, shown, false);
  lint::WarningFlags{c.warningFlags}.apply(shown);
  shown.removeDuplicates();
  const std::vector<diag::Diagnostic> analysis = shown.sorted();
  // Cluster-scope blocks are the ClusterNetworkPolicy target's, or the Cilium
  // target's when built alone: kubernetes without it would drop them silently.
  if (!c.program->clusterRules.empty() && targets.count("cluster-network-policy") == 0 &&
      targets.count("kubernetes") != 0) {
    c.sink.report("E0311", c.program->clusterRules.front().span,
                  "cluster-scope blocks are ClusterNetworkPolicy, and this build does not write that target")
        .withHelp("add the target: --target kubernetes,cluster-network-policy (or `target:` in nplc.yaml)");
  }
  backends::TargetOptions rendering = options;
  // Cilium carries the blocks when it is built without their own target.
  rendering.clusterTier = targets.count("cluster-network-policy") != 0 || targets.count("cilium") == 0;
  rendering.render |= !c.program->expects.empty();  // the expectations judge the objects' text
  const backends::BackendInput in{c.sm, *c.program, rendering, analysis, c.sink, &c.origins};
  for (const auto& t : driver::targets()) {
    if (targets.count(t.name) == 0) continue;
    backends::BackendInput input = in;
    if (std::string_view(t.name) == "docs" && rendering.render && !c.sink.hasErrors()) {
      c.docsJudgement = docsAccess(in, c.files);  // after the policy targets
      input.access = &c.docsJudgement->matrix;
    }
    auto files = t.generate(input);
    c.files.insert(files.begin(), files.end());
    timer.lap(t.name);
  }
  if (!c.sink.hasErrors() && c.judgeExpectations) {
    c.expectResults = checkExpectations(c, targets);
    timer.lap("expect");
  }
  // Unused suppressions are known only once every check and target ran.
  lint::applySuppressions(c.sm, c.asts, c.sink, !c.sink.hasErrors());
  // A target may refuse what another accepted: no files from a failed compile.
  if (c.sink.hasErrors()) c.files.clear();
}

}  // namespace

void compile(Compilation& c, const std::vector<std::string>& paths, const std::set<std::string>& targets,
             const backends::TargetOptions& options, const source::Overlay* overlay) {
  StageTimer timer;
  const auto inputs = collectInputs(paths, c.ioErrors, overlay, options.outDir);
  if (!c.ioErrors.empty()) return;
  source::Roots roots;
  if (c.rootsFromPaths) {
    for (const auto& p : paths) {
      if (inOverlay(overlay, p) && !fs::exists(p)) continue;  // a buffer only (nplc query's <query>): no root
      const auto root = source::projectRoot(p);
      roots.add(root.folder, root.why);
    }
  }
  for (const auto& r : c.extraRoots) roots.add(r.folder, r.why);
  auto loaded = load::loadProgram(inputs, c.sm, c.sink, roots, overlay);
  timer.lap("parse");
  analyzeAndGenerate(c, loaded, targets, options, timer);
}

void compileMemory(Compilation& c, std::vector<load::MemoryFile> inputs, const std::set<std::string>& targets,
                   const backends::TargetOptions& options) {
  StageTimer timer;
  // As on disk, the order of inputs never changes the output.
  std::sort(inputs.begin(), inputs.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  auto loaded = load::loadProgramFromMemory(inputs, c.sm, c.sink);
  timer.lap("parse");
  analyzeAndGenerate(c, loaded, targets, options, timer);
}

const std::vector<std::string>& allTargets() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& t : targets()) out.emplace_back(t.name);
    return out;
  }();
  return names;
}

}  // namespace nplc::driver
