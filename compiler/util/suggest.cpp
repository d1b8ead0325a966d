#include "util/suggest.h"

#include <algorithm>

namespace nplc::util {

namespace {

// Edit distance counting a swap of two neighbouring characters as one edit
// (optimal string alignment: `sevrice` is one edit from `service`). Names
// are short, so the simple O(n*m) table is fine.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::vector<std::string> closestNames(std::string_view name, const std::vector<std::string>& candidates) {
  // Short names are close to everything: allow one edit per three characters.
  const std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& c : candidates) {
    if (name.size() > 64 || c.size() > 64) continue;
    const std::size_t d = distance(name, c);
    if (d <= limit && d < name.size()) scored.emplace_back(d, c);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [_, c] : scored) out.push_back(c);
  return out;
}

}  // namespace nplc::util
