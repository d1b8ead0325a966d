#pragma once
// Canonical text keys for peers and port lists, used to merge and compare
// rules without depending on how they were written.
#include <string>
#include <vector>

#include "model/model.h"

namespace nplc::analysis {

std::string selectorKey(const model::LabelSelector& s);
std::string peerKey(const model::Peer& p);
std::string portKey(const model::Port& p);
std::string portsKey(const std::vector<model::Port>& ports, const std::vector<model::HttpRule>& http);

// model::EdgeKeys of p's edges: a large program's tables are keyed by these,
// since a text key per entry was most of the planner's bytes and of lint's
// W0204 time.
model::EdgeKeys edgeKeys(const model::Program& p);

}  // namespace nplc::analysis
