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

}  // namespace nplc::analysis
