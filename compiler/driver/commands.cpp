#include "driver/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include "diag/render_formats.h"
#include "diag/render_text.h"
#include "driver/compile.h"
#include "driver/expectations.h"
#include "driver/output_check.h"
#include "driver/output_safety.h"
#include "driver/output_writer.h"
#include "driver/targets.h"
#include "driver/test_report.h"
#include "eval/generated.h"
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

bool compileInMemory(Compilation& c, const CommonOptions& opts, const std::set<std::string>& targets,
                     const source::Overlay* overlay, bool render) {
  if (auto bad = configure(c, opts)) {
    std::cerr << "nplc: error: " << *bad << "\n";
    return false;
  }
  backends::TargetOptions options;
  options.podCidrs = c.lintOptions.podCidrs;
  options.ciliumDenyRules = opts.ciliumDenyRules;
  options.render = render;
  compile(c, opts.paths, targets, options, overlay);
  return true;
}

namespace {

// The targets to judge, and the cluster-scope blocks' target: test and query
// write nothing, and what a cluster applies includes the ClusterNetworkPolicy
// tiers around each target's own objects (eval/generated.h).
std::set<std::string> withClusterTier(std::set<std::string> targets) {
  targets.insert(eval::kClusterTier);
  return targets;
}

}  // namespace

namespace {

// The compilation of a build or check, which ends the process: the operating
// system takes its memory back at exit faster than its destructors would
// give it back object by object (the model of the 100k-line mesh: about 5%
// of `nplc check`'s cycles, in ~Program, ~Peer and operator delete). Kept
// reachable from a static, so that leak checkers do not count it.
// Nothing after its compile reads the namespaces' edges in the syntax trees.
Compilation& compilationOfTheProcess() {
  static auto* kept = new std::vector<std::unique_ptr<Compilation>>();
  kept->push_back(std::make_unique<Compilation>());
  kept->back()->releaseEdgeSyntax = true;
  return *kept->back();
}

}  // namespace

int runTest(const CommonOptions& opts, const std::set<std::string>& targets) {
  if (!knownTargets(targets)) return kUsageError;
  const auto judged = judgedTargets(targets);
  if (judged.empty()) {
    std::cerr << fmt::format("nplc: error: nplc test judges the objects of {}: add --target with one of them\n",
                             fmt::join(judgedTargets({allTargets().begin(), allTargets().end()}), " or "));
    return kUsageError;
  }
  Compilation c;
  if (!compileInMemory(c, opts, withClusterTier({judged.begin(), judged.end()}))) return kUsageError;
  CommonOptions shown = opts;
  if (opts.format == "junit") shown.format = "text";  // the diagnostics on stderr, the XML on stdout
  const int code = report(c, shown);
  if (!c.program) return code;  // nothing was judged
  if (opts.format == "junit") {
    printJunit(std::cout, c, judged);
  } else {
    printTestSummary(opts.format == "text" ? std::cout : std::cerr, c, judged);
  }
  return code;
}

int runCheck(const CommonOptions& opts, const std::set<std::string>& targets, const FlowsOptions& flows) {
  if (!knownTargets(targets)) return kUsageError;
  if (!flows.files.empty()) return runFlowsCheck(opts, targets, flows);
  if (opts.format == "markdown") {
    std::cerr << "nplc: error: check --format markdown is the summary of --flows: give a capture with --flows FILE\n";
    return kUsageError;
  }
  Compilation& c = compilationOfTheProcess();
  // No text unless the equivalence of two policy targets judges it.
  if (!compileInMemory(c, opts, targets, nullptr, judgedTargets(targets).size() >= 2)) return kUsageError;
  const int code = report(c, opts);
  if (code == kOk) checkEquivalence(c, targets, opts.verbose);
  return code;
}

int runQuery(const QueryOptions& opts) {
  if (opts.common.format != "text" && opts.common.format != "json") {
    std::cerr << "nplc: error: query --format: text or json\n";
    return kUsageError;
  }
  // --format is the answer's: diagnostics go to stderr as text, so that
  // stdout holds one document.
  CommonOptions common = opts.common;
  common.format = "text";
  if (!knownTargets(opts.targets)) return kUsageError;
  Compilation c;
  if (opts.matrix) {
    if (!compileInMemory(c, common, withClusterTier(opts.targets))) return kUsageError;
    const int code = report(c, common);
    return code == kOk ? printMatrix(c, opts) : code;
  }
  // Each pair is an `expect` line of a file held in memory, so that the
  // program's own parser and resolver read its ends, port and request.
  std::string text;
  for (const auto& q : opts.pairs) {
    if (q.find_first_of("\n\r") != std::string::npos) {
      std::cerr << "nplc: error: a query is one line: SRC -> DST:PORT [METHOD PATH]\n";
      return kUsageError;
    }
    text += "expect " + q + " allowed\n";
  }
  std::error_code ec;
  const auto key = std::filesystem::weakly_canonical(std::filesystem::absolute(kQueryFileName), ec);
  const source::Overlay overlay = {{key.string(), text}};
  common.paths.push_back(kQueryFileName);
  c.judgeExpectations = false;
  if (!compileInMemory(c, common, withClusterTier(opts.targets), &overlay)) return kUsageError;
  const int code = report(c, common);
  source::FileId queryFile = source::kNoFile;
  for (source::FileId f = 0; f < c.sm.size(); ++f) {
    if (c.sm.file(f).path == kQueryFileName) queryFile = f;
  }
  for (const auto& d : c.sink.all()) {
    if (d.severity == diag::Severity::Error && d.span.file == queryFile) return kUsageError;  // the query is wrong
  }
  return code == kOk ? printPairs(c, opts, queryFile) : code;
}

namespace {

// --dump-plan: the analysis and the targets' checks run as for a build, and
// the plan goes to stdout instead of files to the output folder.
int dumpPlan(const BuildOptions& opts) {
  Compilation c;
  if (!compileInMemory(c, opts.common, opts.targets, nullptr, false)) return kUsageError;
  const int code = report(c, opts.common);
  if (code == kOk) std::cout << model::dumpPlan(c.sm, *c.program) << std::flush;
  return code;
}

}  // namespace

int runBuild(const BuildOptions& opts) {
  namespace fs = std::filesystem;
  if (!knownTargets(opts.targets)) return kUsageError;
  if (opts.dumpPlan) return dumpPlan(opts);
  // Where people keep generated manifests: ./out (beside nplc.yaml when there
  // is one, as the working folder is then the project's), never read as sources.
  const std::string outDir = opts.outDir.empty() ? std::string(kDefaultOutput) : opts.outDir;
  if (const auto why = checkOutputFolder(outDir, opts.common.paths)) {
    std::cerr << "nplc: error: " << *why << "\n";
    return kUsageError;
  }
  if (opts.common.ciliumDenyRules && opts.targets.count("cilium") == 0) {
    std::cerr << "nplc: error: --cilium-deny-rules applies to the cilium target: add --target cilium\n";
    return kUsageError;
  }
  Compilation& c = compilationOfTheProcess();
  if (auto bad = configure(c, opts.common)) {
    std::cerr << "nplc: error: " << *bad << "\n";
    return kUsageError;
  }
  backends::TargetOptions options;
  options.outDir = outDir;
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
  if (opts.check) return checkOutputs(outDir, c.files, opts.targets);
  const auto res = writeOutputs(outDir, c.files, opts.targets);
  for (const auto& e : res.errors) std::cerr << "nplc: error: " << e << "\n";
  if (!res.ok) return kUsageError;
  std::cerr << fmt::format("nplc: {} files in {} ({} written, {} unchanged, {} removed)\n", c.files.size(), outDir,
                           res.written, res.unchanged, res.removed);
  return kOk;
}

}  // namespace nplc::driver
