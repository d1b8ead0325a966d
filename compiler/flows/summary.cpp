#include "flows/summary.h"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace nplc::flows {

void printSummary(std::ostream& out, const Judged& judged, const Connections& conns, const ReadStats& stats,
                  bool markdown) {
  const std::string span = conns.first().empty() ? "no timestamps" : conns.first() + " to " + conns.last();
  out << fmt::format("{}{} flows read ({}), {} connections; {} replies folded, {} not TCP/UDP/SCTP, {} malformed lines\n",
                     markdown ? "**Observed flows**: " : "", stats.flows, span, conns.all().size(), conns.replies(),
                     conns.notL4(), stats.malformed);
  const std::array<std::string, 6> head = {"namespace", "flows", "connections", "covered", "would break", "unused edges"};
  std::vector<std::array<std::string, 6>> rows;
  for (const auto& [ns, r] : judged.namespaces)
    rows.push_back({ns, std::to_string(r.flows), std::to_string(r.connections), std::to_string(r.covered),
                    std::to_string(r.wouldBreak), std::to_string(r.unusedEdges)});
  out << "\n";
  if (markdown) {
    out << fmt::format("| {} |\n", fmt::join(head, " | "));
    out << "|---|---:|---:|---:|---:|---:|\n";
    for (const auto& r : rows) out << fmt::format("| {} |\n", fmt::join(r, " | "));
    return;
  }
  std::array<std::size_t, 6> width{};
  for (std::size_t i = 0; i < head.size(); ++i) {
    width[i] = head[i].size();
    for (const auto& r : rows) width[i] = std::max(width[i], r[i].size());
  }
  const auto line = [&](const std::array<std::string, 6>& r) {
    std::string s = fmt::format("{:<{}}", r[0], width[0]);
    for (std::size_t i = 1; i < r.size(); ++i) s += fmt::format("  {:>{}}", r[i], width[i]);
    out << s << "\n";
  };
  line(head);
  for (const auto& r : rows) line(r);
}

}  // namespace nplc::flows
