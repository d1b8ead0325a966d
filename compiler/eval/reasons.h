#pragma once
// The source lines behind a verdict: which policy isolated an end (a
// baseline, a deny-all, a service's policy), which edge or bundle allowed
// the connection, which deny denied it, or that no edge allows it. Shared by
// `nplc test` (a failed expectation names them) and `nplc query`.
#include <string>
#include <vector>

#include "backends/output.h"
#include "eval/verdict.h"
#include "model/model.h"
#include "source/source_manager.h"

namespace nplc::eval {

struct Reason {
  enum class Kind {
    NotIsolated,  // no policy isolates the end in this direction: allowed
    Isolated,     // a policy isolates it (its declaration)
    Allowed,      // an edge, a bundle's `allow` line, or a rule nplc adds, allows it
    Denied,       // a deny intent denies it
    NoRule,       // isolated, and no rule allows it
  };
  Kind kind = Kind::Isolated;
  bool egress = false;  // the side: the source's egress, or the destination's ingress
  std::string text;     // one sentence, without the location
  source::Span span;    // the deciding line; invalid for what no line says (an end nothing isolates)
};

// The deciding lines of one target's verdict (`target` names the backend
// that filled `origins`). For a denied connection, each side that denies it:
// the denies that match, or what isolates the end (a baseline first) and
// that no edge allows it. For an allowed one, each side: the edges (or
// bundles) whose rules match, or that nothing isolates it. `from`/`to` are
// the ends as shown ("shop/api", "10.0.0.1").
std::vector<Reason> reasonsFor(const source::SourceManager& sm, const model::Program& program, const backends::RuleOrigins& origins,
                               const std::string& target, const Verdict& verdict, const std::string& from,
                               const std::string& to);

}  // namespace nplc::eval
