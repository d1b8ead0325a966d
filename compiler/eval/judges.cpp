#include "eval/judges.h"

namespace nplc::eval {

std::unique_ptr<Judges> judgeTargets(const model::Program& program, const std::vector<std::string>& targets,
                                     const backends::OutputFiles& files) {
  return judgeTargets(buildProgramCluster(program), targets, files);
}

std::unique_ptr<Judges> judgeTargets(ProgramCluster model, const std::vector<std::string>& targets,
                                     const backends::OutputFiles& files) {
  auto j = std::make_unique<Judges>();
  j->model = std::move(model);
  for (const auto& t : targets) {
    auto ev = evaluatorFor(t, j->model.cluster, files);
    if (!ev) continue;
    j->targets.push_back({t, ev.get()});
    j->owned.push_back(std::move(ev));
  }
  return j;
}

}  // namespace nplc::eval
