#include "driver/effective_access.h"

#include <algorithm>

#include "driver/targets.h"
#include "eval/judges.h"

namespace nplc::driver {

backends::AccessMatrix docsAccess(const backends::BackendInput& in, const backends::OutputFiles& built) {
  backends::OutputFiles files = built;
  std::vector<std::string> names;
  const eval::Cluster none;
  for (const auto& t : targets()) {
    if (!eval::evaluatorFor(t.name, none, {})) continue;  // writes no policy objects
    const std::string prefix = std::string(t.name) + "/";
    const bool isBuilt = std::any_of(built.begin(), built.end(),
                                     [&](const auto& f) { return f.first.rfind(prefix, 0) == 0; });
    if (!isBuilt) {
      diag::Sink scratch;
      const backends::BackendInput quiet{in.sm, in.program, in.options, in.analysis, scratch};
      auto generated = t.generate(quiet);
      if (scratch.hasErrors()) continue;
      files.insert(generated.begin(), generated.end());
    }
    names.emplace_back(t.name);
  }
  const auto judges = eval::judgeTargets(in.program, names, files);
  return eval::computeMatrix(in.program, judges->model, judges->targets);
}

}  // namespace nplc::driver
