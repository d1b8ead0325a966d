#include "backends/yaml_scalars.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace nplc::backends {

bool needsQuotes(std::string_view s) {
  if (s.empty()) return true;
  // Plain only when it starts with a letter and has nothing but [A-Za-z0-9._/-]:
  // no number, no indicator character, no space can then reach the parser.
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return true;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '.' || c == '_' || c == '/' || c == '-')) return true;
  }
  // YAML 1.1 booleans and nulls (any of their spellings); none is longer than 5.
  if (s.size() > 5) return false;
  static const std::array<std::string_view, 11> kWords = {"y", "n", "yes", "no", "on", "off", "true", "false",
                                                          "null", "nan", "inf"};
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

}  // namespace nplc::backends
