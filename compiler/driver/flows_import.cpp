// `nplc import --flows FILE... [-o DIR]`: NPL drafted from a Hubble capture
// (compiler/flows/draft.h, docs/flows.md). What the draft leaves out is said
// as warnings located at the capture's lines; the files are written as
// `nplc import` writes them (writeImported: all or nothing, never over other
// content).
#include <iostream>

#include "driver/commands.h"
#include "driver/compile.h"
#include "flows/draft.h"

namespace nplc::driver {

int runFlowsImport(const ImportOptions& opts) {
  if (opts.allowPartial || opts.defaultNamespace != "default") {
    std::cerr << "nplc: error: --allow-partial and --namespace are for NetworkPolicy YAML, not for --flows\n";
    return kUsageError;
  }
  flows::Connections conns;
  flows::ReadStats stats;
  if (const int code = readCaptureReporting(opts.paths, false, conns, stats); code != kOk) return code;
  flows::DraftOptions options;
  options.httpGlobThreshold = opts.httpGlobThreshold;
  const auto draft = flows::draftSources(conns, options);
  for (const auto& w : draft.warnings) std::cerr << (w.at.empty() ? "nplc" : w.at) << ": warning: " << w.message << "\n";
  if (draft.files.empty()) {
    std::cerr << "nplc: error: no connection between pods in the capture (" << stats.flows
              << " flows read): nothing to draft\nnplc: nothing written\n";
    return kInputErrors;
  }
  std::cerr << "nplc: note: " << stats.flows << " flows read, " << conns.all().size() << " connections, "
            << conns.replies() << " replies folded: review the draft before building it\n";
  return writeImported(draft.files, opts.outDir);
}

}  // namespace nplc::driver
