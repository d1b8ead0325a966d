#pragma once
// The one contract of every target: generate(const BackendInput&) returns the
// files it writes, relative to the output folder, and reports into `sink`
// what it cannot express. The driver lists the targets once
// (driver/targets.cpp); docs/development.md says how to add one.
#include <string>
#include <vector>

#include "backends/access_matrix.h"
#include "backends/output.h"
#include "diag/diagnostic.h"
#include "model/model.h"
#include "source/source_manager.h"
#include "util/cidr.h"

namespace nplc::backends {

// Facts and choices given on the command line, for the targets that use them.
// Never stored in the plan: the plan is the same whatever the target.
struct TargetOptions {
  // The cluster's pod address ranges (--pod-cidr). Cilium's CIDR rules never
  // select pods, so a CIDR over them means something else on that target.
  std::vector<util::Cidr> podCidrs = model::defaultPodCidrs();
  bool ciliumDenyRules = false;  // --cilium-deny-rules: deny intents also become ingressDeny/egressDeny
  // The cluster-scope blocks are the cluster-network-policy target's objects
  // (set by the driver: it is built, or cilium is not); false: the Cilium
  // target, built without it, carries them.
  bool clusterTier = false;
  std::string outDir;            // the output folder, as given on the command line (docs links)
  std::string docsSourceUrl;     // --docs-source-url: link sources there instead of relative to the pages
  // False when no one reads the text (check, the language server): a target
  // still reports everything it reports, and returns no files. The driver
  // turns it back on when the objects are judged (expect, equivalence, docs).
  bool render = true;
};

struct BackendInput {
  const source::SourceManager& sm;
  const model::Program& program;
  const TargetOptions& options;
  // The diagnostics of the analysis and the lint checks as the user sees
  // them: suppressions and -W flags applied (the docs target lists them).
  const std::vector<diag::Diagnostic>& analysis;
  diag::Sink& sink;  // what the target itself reports
  // Where each generated rule comes from, when the caller asks (nplc test):
  // filled by the targets that write policy objects.
  RuleOrigins* origins = nullptr;
  // What the policy targets' objects allow (the docs target shows it), when
  // the driver computed it.
  const AccessMatrix* access = nullptr;
};

}  // namespace nplc::backends
