#include "driver/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "diag/render_formats.h"
#include "diag/render_text.h"
#include "driver/compile.h"
#include "driver/output_check.h"
#include "driver/output_safety.h"
#include "driver/output_writer.h"
#include "driver/targets.h"
#include "model/plan_text.h"
#include "lint/controls.h"
#include "util/cidr.h"

namespace nplc::driver {

bool useColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

std::optional<std::string> configure(Compilation& c, const CommonOptions& opts) {
  if (auto bad = lint::WarningFlags{opts.warningFlags}.validate()) return bad;
  c.warningFlags = opts.warningFlags;
  for (const auto& dir : opts.allowRoots) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return fmt::format("--allow-root '{}': not a folder", dir);
    c.extraRoots.push_back({dir, "a folder given with --allow-root"});
  }
  if (!opts.projectFolder.empty()) c.extraRoots.push_back({opts.projectFolder, "the folder of nplc.yaml"});
  for (const auto& [given, out, what] :
       {std::tuple{&opts.podCidrs, &c.lintOptions.podCidrs, "--pod-cidr"},
        std::tuple{&opts.serviceCidrs, &c.lintOptions.serviceCidrs, "--service-cidr"}}) {
    if (given->empty()) continue;
    out->clear();
    for (const auto& text : *given) {
      const auto parsed = util::parseCidr(text);
      if (!parsed.cidr) return fmt::format("{} '{}': {}", what, text, parsed.error);
      out->push_back(*parsed.cidr);
    }
  }
  return std::nullopt;
}

namespace {

// Applies the -W flags, prints diagnostics and I/O errors in the chosen
// format; returns the exit code they call for.
int report(Compilation& c, const CommonOptions& opts) {
  lint::WarningFlags{opts.warningFlags}.apply(c.sink);
  c.sink.removeDuplicates();
  const auto& diags = c.sink.all();
  if (opts.format == "text") {
    for (const auto& e : c.ioErrors) std::cerr << "nplc: error: " << e << "\n";
    diag::renderText(std::cerr, c.sm, diags, {useColor(opts.color)});
  } else {
    const diag::RunInfo run{c.ioErrors, c.sink.errorCount(), c.sink.warningCount()};
    if (opts.format == "json")
      diag::renderJson(std::cout, c.sm, diags, run);
    else if (opts.format == "sarif")
      diag::renderSarif(std::cout, c.sm, diags, run);
    else
      diag::renderGithub(std::cout, c.sm, diags, run);
    std::cout.flush();
  }
  const auto summary = diag::summaryLine(c.sink.errorCount(), c.sink.warningCount());
  if (!summary.empty()) std::cerr << summary << "\n";
  if (!c.ioErrors.empty()) return kUsageError;
  return c.sink.hasErrors() ? kInputErrors : kOk;
}

}  // namespace

namespace {

// An unknown target is a usage error (exit 2), said before anything runs.
bool knownTargets(const std::set<std::string>& targets) {
  for (const auto& t : targets) {
    if (findTarget(t) == nullptr) {
      std::cerr << fmt::format("nplc: error: unknown target '{}' (available: {})\n", t, fmt::join(allTargets(), ", "));
      return false;
    }
  }
  return true;
}

}  // namespace

namespace {

// check and query: the targets run in memory, so that what they report
// (W0001, the Cilium pitfalls…) is reported by check too.
int compileInMemory(Compilation& c, const CommonOptions& opts, const std::set<std::string>& targets) {
  if (!knownTargets(targets)) return kUsageError;
  if (auto bad = configure(c, opts)) {
    std::cerr << "nplc: error: " << *bad << "\n";
    return kUsageError;
  }
  backends::TargetOptions options;
  options.podCidrs = c.lintOptions.podCidrs;
  options.ciliumDenyRules = opts.ciliumDenyRules;
  compile(c, opts.paths, targets, options);
  return report(c, opts);
}

}  // namespace

int runCheck(const CommonOptions& opts, const std::set<std::string>& targets) {
  Compilation c;
  const int code = compileInMemory(c, opts, targets);
  if (code == kOk) checkEquivalence(c, targets, opts.verbose);
  return code;
}

int runQuery(const QueryOptions& opts) {
  if (opts.common.format != "text" && opts.common.format != "json") {
    std::cerr << "nplc: error: query --format: text or json\n";
    return kUsageError;
  }
  // --format is the matrix's: diagnostics go to stderr as text, so that
  // stdout holds one document.
  CommonOptions common = opts.common;
  common.format = "text";
  Compilation c;
  const int code = compileInMemory(c, common, opts.targets);
  return code == kOk ? printMatrix(c, opts) : code;
}

namespace {

// --dump-plan: the analysis and the targets' checks run as for a build, and
// the plan goes to stdout instead of files to the output folder.
int dumpPlan(const BuildOptions& opts) {
  Compilation c;
  if (auto bad = configure(c, opts.common)) {
    std::cerr << "nplc: error: " << *bad << "\n";
    return kUsageError;
  }
  backends::TargetOptions options;
  options.podCidrs = c.lintOptions.podCidrs;
  options.ciliumDenyRules = opts.common.ciliumDenyRules;
  compile(c, opts.common.paths, opts.targets, options);
  const int code = report(c, opts.common);
  if (code == kOk) std::cout << model::dumpPlan(c.sm, *c.program) << std::flush;
  return code;
}

}  // namespace

int runBuild(const BuildOptions& opts) {
  namespace fs = std::filesystem;
  if (!knownTargets(opts.targets)) return kUsageError;
  if (opts.outDir.empty() && !opts.dumpPlan) {
    std::cerr
        << "nplc: error: --output is required: nplc build SOURCES -o OUT, or `output:` in nplc.yaml (nplc init writes "
           "one), or --dump-plan to print the plan\n";
    return kUsageError;
  }
  if (opts.dumpPlan) return dumpPlan(opts);
  if (const auto why = checkOutputFolder(opts.outDir, opts.common.paths)) {
    std::cerr << "nplc: error: " << *why << "\n";
    return kUsageError;
  }
  if (opts.common.ciliumDenyRules && opts.targets.count("cilium") == 0) {
    std::cerr << "nplc: error: --cilium-deny-rules applies to the cilium target: add --target cilium\n";
    return kUsageError;
  }
  Compilation c;
  if (auto bad = configure(c, opts.common)) {
    std::cerr << "nplc: error: " << *bad << "\n";
    return kUsageError;
  }
  backends::TargetOptions options;
  options.outDir = opts.outDir;
  options.docsSourceUrl = opts.docsSourceUrl;
  options.podCidrs = c.lintOptions.podCidrs;  // one --pod-cidr for the checks and the targets
  options.ciliumDenyRules = opts.common.ciliumDenyRules;
  compile(c, opts.common.paths, opts.targets, options);
  const int code = report(c, opts.common);
  if (code != kOk) {
    std::cerr << "nplc: nothing written\n";
    return code;
  }
  checkEquivalence(c, opts.targets, opts.common.verbose);
  if (opts.check) return checkOutputs(opts.outDir, c.files, opts.targets);
  const auto res = writeOutputs(opts.outDir, c.files, opts.targets);
  for (const auto& e : res.errors) std::cerr << "nplc: error: " << e << "\n";
  if (!res.ok) return kUsageError;
  std::cerr << fmt::format("nplc: {} files in {} ({} written, {} unchanged, {} removed)\n", c.files.size(), opts.outDir,
                           res.written, res.unchanged, res.removed);
  return kOk;
}

}  // namespace nplc::driver
