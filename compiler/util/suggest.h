#pragma once
// "Did you mean …?" for unknown names.
#include <string>
#include <string_view>
#include <vector>

namespace nplc::util {

// The candidates closest to `name` (at most one edit per three characters,
// at least one), best first; empty when none is close.
std::vector<std::string> closestNames(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace nplc::util
