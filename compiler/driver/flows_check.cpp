// `nplc check --flows FILE...`: a Hubble capture judged on the objects the
// targets build (compiler/flows/, docs/flows.md). The flows are read first,
// so that an unreadable capture stops before compiling; the diagnostics go
// out through the usual renderers, the summary on stdout (text, or Markdown
// with --format markdown; on stderr when stdout holds a JSON, SARIF or
// GitHub document).
#include <fmt/format.h>

#include <iostream>

#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/expectations.h"
#include "eval/generated.h"
#include "flows/judge.h"
#include "flows/summary.h"

namespace nplc::driver {

int readCaptureReporting(const std::vector<std::string>& paths, bool strict, flows::Connections& conns,
                         flows::ReadStats& stats) {
  std::vector<std::string> ioErrors;
  flows::readCapture(paths, conns, stats, ioErrors);
  for (const auto& e : ioErrors) std::cerr << "nplc: error: " << e << "\n";
  if (!ioErrors.empty()) return kUsageError;
  const char* severity = strict ? "error" : "warning";
  for (const auto& line : stats.malformedLines)
    std::cerr << fmt::format("nplc: {}: {} (not a Hubble flow{})\n", severity, line, strict ? "" : "; skipped");
  if (stats.malformed > stats.malformedLines.size())
    std::cerr << fmt::format("nplc: {}: and {} more malformed lines\n", severity, stats.malformed - stats.malformedLines.size());
  if (strict && stats.malformed > 0) {
    std::cerr << fmt::format("nplc: error: {} malformed line{} in the capture (--strict)\n", stats.malformed,
                             stats.malformed == 1 ? "" : "s");
    return kInputErrors;
  }
  return kOk;
}

int runFlowsCheck(const CommonOptions& opts, const std::set<std::string>& targets, const FlowsOptions& flows) {
  const auto judged = judgedTargets(targets);
  if (judged.empty()) {
    std::cerr << "nplc: error: check --flows judges the objects of a policy target: --target kubernetes, cilium or both\n";
    return kUsageError;
  }
  flows::Connections conns;
  flows::ReadStats stats;
  if (const int code = readCaptureReporting(flows.files, flows.strict, conns, stats); code != kOk) return code;
  Compilation c;
  c.judgeExpectations = false;
  std::set<std::string> built(judged.begin(), judged.end());
  built.insert(eval::kClusterTier);
  if (!compileInMemory(c, opts, built)) return kUsageError;
  flows::Judged result;
  const bool judge = c.program && !c.sink.hasErrors() && c.ioErrors.empty();
  if (judge) result = flows::judgeConnections({c.sm, *c.program, c.files, c.origins, judged}, conns, c.sink);
  CommonOptions shown = opts;
  if (opts.format == "markdown") shown.format = "text";
  const int code = report(c, shown);
  if (!judge) return code;
  const bool onStdout = opts.format == "text" || opts.format == "markdown";
  flows::printSummary(onStdout ? std::cout : std::cerr, result, conns, stats, opts.format == "markdown");
  return code;
}

}  // namespace nplc::driver
