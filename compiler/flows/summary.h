#pragma once
// The summary of `nplc check --flows`: what was read, then one row per
// namespace (flows, connections, covered, would break, unused edges), as
// text or as a Markdown table (for a pull request comment).
#include <ostream>

#include "flows/connections.h"
#include "flows/judge.h"

namespace nplc::flows {

void printSummary(std::ostream& out, const Judged& judged, const Connections& conns, const ReadStats& stats,
                  bool markdown);

}  // namespace nplc::flows
