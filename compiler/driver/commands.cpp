#include "driver/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "diag/render_text.h"
#include "driver/compile.h"
#include "driver/output_checks.h"
#include "driver/output_writer.h"

namespace nplc::driver {

namespace {

bool useColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

// Prints diagnostics and I/O errors; returns the exit code they call for.
int report(const Compilation& c, const CommonOptions& opts) {
  for (const auto& e : c.ioErrors) std::cerr << "nplc: error: " << e << "\n";
  const auto diags = c.sink.sorted();
  diag::renderText(std::cerr, c.sm, diags, {useColor(opts.color)});
  const auto summary = diag::summaryLine(c.sink.errorCount(), c.sink.warningCount());
  if (!summary.empty()) std::cerr << summary << "\n";
  if (!c.ioErrors.empty()) return kUsageError;
  return c.sink.hasErrors() ? kInputErrors : kOk;
}

}  // namespace

const std::vector<std::string>& availableTargets() {
  static const std::vector<std::string> targets = {"kubernetes"};
  return targets;
}

int runCheck(const CommonOptions& opts) {
  Compilation c;
  compile(c, opts.paths, {});
  return report(c, opts);
}

int runBuild(const BuildOptions& opts) {
  namespace fs = std::filesystem;
  for (const auto& t : opts.targets) {
    const auto& all = availableTargets();
    if (std::find(all.begin(), all.end(), t) == all.end()) {
      std::cerr << fmt::format("nplc: error: unknown target '{}' (available: {})\n", t, fmt::join(all, ", "));
      return kUsageError;
    }
  }
  if (const auto why = checkOutputFolder(opts.outDir, opts.common.paths)) {
    std::cerr << "nplc: error: " << *why << "\n";
    return kUsageError;
  }
  Compilation c;
  compile(c, opts.common.paths, opts.targets);
  const int code = report(c, opts.common);
  if (code != kOk) {
    std::cerr << "nplc: nothing written\n";
    return code;
  }
  const auto res = writeOutputs(opts.outDir, c.files, opts.targets);
  for (const auto& e : res.errors) std::cerr << "nplc: error: " << e << "\n";
  if (!res.ok) return kUsageError;
  std::cerr << fmt::format("nplc: {} files in {} ({} written, {} unchanged, {} removed)\n", c.files.size(),
                           opts.outDir, res.written, res.unchanged, res.removed);
  return kOk;
}

}  // namespace nplc::driver
