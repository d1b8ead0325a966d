#pragma once
// The policy plan in words: what a policy stands for ("service api"), and the
// whole plan as stable text (`nplc build --dump-plan`), so a reviewer sees
// what the plan decided — and from which source lines — without reading YAML.
#include <string>

#include "model/model.h"
#include "source/source_manager.h"

namespace nplc::model {

// "baseline", "service api", "`*` (every pod)", "bundle dns".
std::string describeSubject(const Program& p, const PolicySubject& subject);

// Every policy in plan order (namespace, name): its subject, pods, types and
// source line, then each rule's ports and HTTP rules and each peer with the
// lines of the edges that put it there. Deterministic; paths as shown.
std::string dumpPlan(const source::SourceManager& sm, const Program& p);

}  // namespace nplc::model
