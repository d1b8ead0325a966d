#include "sema/pipeline.h"

#include "sema/context.h"

namespace nplc::sema {

namespace {

struct Pass {
  const char* name;
  void (*run)(Context&);
  bool stopOnError;  // later passes need what this one builds
  bool resolvesEdges = false;  // the last pass that reads the syntax trees' edges
};

// Resolvers build the model; checks only read it.
constexpr Pass kPasses[] = {
    {"declare", declareSymbols, false},  // name errors and edge errors are reported together
    {"resolve-edges", resolveEdges, true, true},
    {"resolve-cluster-rules", resolveClusterRules, true},
    {"check-edges", checkEdges, false},  // reported together with the plan's errors (E0304, E0210)
    {"plan-policies", planPolicies, true},
    {"check-intents", checkIntents, true},
};

}  // namespace

std::optional<model::Program> analyze(const source::SourceManager& sm, const std::vector<ast::File>& files,
                                      diag::Sink& sink, const std::function<void()>& edgesResolved) {
  Context cx(sm, sink, files);
  for (const auto& pass : kPasses) {
    pass.run(cx);
    if (pass.stopOnError && sink.hasErrors()) return std::nullopt;
    if (pass.resolvesEdges && edgesResolved) edgesResolved();
  }
  return std::move(cx.program);
}

}  // namespace nplc::sema
