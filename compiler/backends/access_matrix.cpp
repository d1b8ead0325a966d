#include "backends/access_matrix.h"

#include <fmt/format.h>

namespace nplc::backends {

namespace {

bool wholeRange(const std::vector<std::pair<int, int>>& r) { return r.size() == 1 && r[0] == std::pair{1, 65535}; }

}  // namespace

std::string PortSet::str() const {
  if (ranges.empty()) return "none";
  bool any = ranges.size() == 3;
  for (const auto& [protocol, r] : ranges) any = any && wholeRange(r);
  if (any) return "any";
  std::string out;
  for (const auto& [protocol, r] : ranges) {
    out += (out.empty() ? "" : "; ") + protocol + " ";
    if (wholeRange(r)) {
      out += "any";
      continue;
    }
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i) out += ", ";
      out += r[i].first == r[i].second ? std::to_string(r[i].first) : fmt::format("{}-{}", r[i].first, r[i].second);
    }
  }
  return out;
}

bool PortSet::allows(const std::string& protocol, int port) const {
  const auto it = ranges.find(protocol);
  if (it == ranges.end()) return false;
  for (const auto& [first, last] : it->second) {
    if (first <= port && port <= last) return true;
  }
  return false;
}

bool AccessMatrix::targetsAgree() const {
  for (const auto& c : cells) {
    for (const auto& a : c.allowed)
      if (!(a == c.allowed.front())) return false;
  }
  return true;
}

}  // namespace nplc::backends
