#pragma once
// What every part of the Cilium backend shares: the program, the sink, and
// "report this once" bookkeeping (a rule merges edges, an edge lands in
// several policies; each problem is reported once, at the edge).
#include <set>
#include <string>
#include <utility>

#include "backends/backend.h"
#include "diag/diagnostic.h"
#include "model/model.h"

namespace nplc::backends::cilium {

struct Context {
  const source::SourceManager& sm;
  const model::Program& p;
  const TargetOptions& options;
  diag::Sink& sink;
  std::set<std::pair<std::string, std::string>> reported;  // (code, what)

  Context(const source::SourceManager& s, const model::Program& prog, const TargetOptions& o, diag::Sink& d)
      : sm(s), p(prog), options(o), sink(d) {}

  // nullptr when (code, what) was reported already. A bundle edge's own lines
  // are in the bundle: the diagnostic also points at the `allow` that expands it.
  diag::Diagnostic* once(const std::string& code, const std::string& what, source::Span at, std::string message,
                         model::Index edge = model::kNone) {
    if (!reported.insert({code, what}).second) return nullptr;
    auto& d = sink.report(code, at, std::move(message));
    if (edge != model::kNone && !p.edges[edge].bundle.empty()) {
      d.label(p.edges[edge].allowSpan, "from bundle `" + p.edges[edge].bundle + "`, expanded here");
    }
    return &d;
  }
};

}  // namespace nplc::backends::cilium
